"""llmdeps/sources/detectors"""
