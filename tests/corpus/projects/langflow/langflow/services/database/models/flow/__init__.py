from .model import Flow, FlowCreate, FlowRead, AccessTypeEnum

__all__ = ["Flow", "FlowCreate", "FlowRead", "AccessTypeEnum"]
