@echo off
rem Windows: set up and start Lienzo Studio (double-click or run from cmd).
py -3 "%~dp0..\bootstrap.py" run %*
