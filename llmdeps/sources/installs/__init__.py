"""llmdeps/sources/installs"""
