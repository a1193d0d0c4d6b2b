from .model import MessageTable, MessageRead

__all__ = ["MessageTable", "MessageRead"]
