"""Optional spellings, Annotated and string annotations (module without
`from __future__ import annotations`)."""

from typing import Annotated, Optional, Union

from annotated_types import MaxLen
from sqlmodel import Field, SQLModel


class Forms(SQLModel, table=True):
    id: Annotated[Optional[int], Field(default=None, primary_key=True)]
    opt_typing: Optional[str] = None
    opt_pipe: str | None = None
    opt_union: Union[int, None] = None
    opt_required: Optional[int]
    default_none_not_optional: str = Field(default=None)
    opt_forced_not_null: Optional[str] = Field(default=None, nullable=False)
    forced_null: str = Field(nullable=True)
    ann_field_len: Annotated[str, Field(max_length=20)]
    ann_maxlen: Annotated[str, MaxLen(30)]
    ann_opt: Annotated[Optional[int], Field(default=None, index=True)]
    quoted: "str"
    quoted_opt: "Optional[int]" = None
