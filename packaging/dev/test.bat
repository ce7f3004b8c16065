@echo off
rem Windows: set up and run the whole test suite.
py -3 "%~dp0..\bootstrap.py" test %*
