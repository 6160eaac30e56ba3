"""The browser boundary: the only code that imports `js`, `pyodide` or `pyscript`."""
