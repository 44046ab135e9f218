"""llmdeps/rules"""
