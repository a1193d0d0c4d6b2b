from .model import User, UserCreate, UserRead

__all__ = ["User", "UserCreate", "UserRead"]
