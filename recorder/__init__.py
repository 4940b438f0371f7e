"""Case Recorder: case recording for children's social care, stored locally first.

The package is layered (see the design notes): ``domain`` holds plain data
classes, ``store`` is the only code that speaks SQL, ``reference`` loads the
data files councils edit, and ``ui`` is the only code that imports Qt.
"""

__version__ = "0.1.0"
APP_NAME = "Case Recorder"
