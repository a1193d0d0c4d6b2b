//! The arguments of one call, taken one by one by the function that handles
//! it, so that whatever it did not take can be reported as unsupported.

use ruff_text_size::TextRange;

use super::value::Value;

/// One evaluated argument and where it was written.
pub(crate) type Arg = (Value, TextRange);

/// Evaluated call arguments.
#[derive(Debug)]
pub(crate) struct Args {
    /// The whole call.
    pub range: TextRange,
    pos: Vec<Option<Arg>>,
    kw: Vec<Option<(String, Arg)>>,
}

/// An argument no handler took.
pub(crate) enum Leftover {
    /// The n-th (0-based) positional argument.
    Positional(usize, TextRange),
    /// A keyword argument.
    Keyword(String, TextRange),
}

impl Args {
    /// Arguments of the call at `range`.
    pub(crate) fn new(
        range: TextRange,
        pos: Vec<Option<Arg>>,
        kw: Vec<Option<(String, Arg)>>,
    ) -> Self {
        Args { range, pos, kw }
    }

    /// Positional argument `i`, else keyword `name`.
    pub(crate) fn get(&mut self, i: usize, name: &str) -> Option<Arg> {
        if let Some(slot) = self.pos.get_mut(i) {
            if let Some(arg) = slot.take() {
                return Some(arg);
            }
        }
        self.kw(name)
    }

    /// Keyword argument `name`.
    pub(crate) fn kw(&mut self, name: &str) -> Option<Arg> {
        self.kw
            .iter_mut()
            .find(|slot| slot.as_ref().is_some_and(|(k, _)| k == name))
            .and_then(Option::take)
            .map(|(_, arg)| arg)
    }

    /// Whether keyword argument `name` is there and not `None` or `False`
    /// (without taking it).
    pub(crate) fn has_kw(&self, name: &str) -> bool {
        self.kw
            .iter()
            .flatten()
            .any(|(k, (v, _))| k == name && !matches!(v, Value::None | Value::Bool(false)))
    }

    /// Whether positional argument `i` is there (without taking it).
    pub(crate) fn has_pos(&self, i: usize) -> bool {
        self.pos.get(i).is_some_and(Option::is_some)
    }

    /// Keyword argument `name` when given as anything but `None`.
    pub(crate) fn kw_some(&mut self, name: &str) -> Option<Arg> {
        self.kw(name).filter(|(v, _)| !matches!(v, Value::None))
    }

    /// The positional arguments from `from` on (`*args`).
    pub(crate) fn rest(&mut self, from: usize) -> Vec<Arg> {
        self.pos
            .iter_mut()
            .skip(from)
            .filter_map(Option::take)
            .collect()
    }

    /// The keyword arguments not taken yet whose name starts with `prefix`.
    pub(crate) fn take_prefixed(&mut self, prefix: &str) -> Vec<(String, Arg)> {
        self.kw
            .iter_mut()
            .filter(|slot| slot.as_ref().is_some_and(|(k, _)| k.starts_with(prefix)))
            .filter_map(Option::take)
            .collect()
    }

    /// The first argument nobody took.
    pub(crate) fn leftover(&self) -> Option<Leftover> {
        if let Some((i, (_, r))) = self
            .pos
            .iter()
            .enumerate()
            .find_map(|(i, s)| s.as_ref().map(|a| (i, a)))
        {
            return Some(Leftover::Positional(i, *r));
        }
        self.kw
            .iter()
            .flatten()
            .next()
            .map(|(k, (_, r))| Leftover::Keyword(k.clone(), *r))
    }
}
