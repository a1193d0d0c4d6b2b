//! `aludel init` and `aludel list_templates`.
