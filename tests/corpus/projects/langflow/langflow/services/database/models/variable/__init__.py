from .model import Variable, VariableCreate

__all__ = ["Variable", "VariableCreate"]
