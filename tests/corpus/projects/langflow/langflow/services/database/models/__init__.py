from .api_key import ApiKey
from .flow import Flow
from .folder import Folder
from .message import MessageTable
from .user import User
from .variable import Variable

__all__ = ["ApiKey", "Flow", "Folder", "MessageTable", "User", "Variable"]
