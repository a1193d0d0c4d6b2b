from .model import ApiKey, ApiKeyCreate

__all__ = ["ApiKey", "ApiKeyCreate"]
