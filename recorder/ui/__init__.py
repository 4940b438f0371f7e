"""The desktop window: the only package that imports Qt.

Widgets display and forward; the logic they call lives below, in plain Python.
"""
