# Windows: set up and run the whole test suite (PowerShell).
#   powershell -ExecutionPolicy Bypass -File packaging\dev\test.ps1 [pytest arguments]
$root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
py -3 "$root\packaging\bootstrap.py" test @args
exit $LASTEXITCODE
