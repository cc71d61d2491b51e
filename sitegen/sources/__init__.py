"""Reading dumps: text in, ``Dump`` records out. (Being written.)"""
