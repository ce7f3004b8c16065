"""Lienzo Studio: create images with Stable Diffusion on your own computer."""

__version__ = "0.1.0"
APP_NAME = "Lienzo Studio"
