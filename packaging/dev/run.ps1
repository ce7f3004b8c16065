# Windows: set up and start Lienzo Studio from a source checkout (PowerShell).
#   powershell -ExecutionPolicy Bypass -File packaging\dev\run.ps1 [studio arguments]
$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
py -3 "$root\packaging\bootstrap.py" run @args
exit $LASTEXITCODE
