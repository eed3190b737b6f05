//! Positions in source text: byte offsets to 1-based lines and character columns.

/// A 1-based position; `column` counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The start of every line of a text, to turn byte offsets into positions.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
        let starts = std::iter::once(0)
            .chain(newlines.map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The position of a byte offset; an offset inside a character counts as that character.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = text.get(start..offset).map_or_else(
            || lossy_char_count(&text.as_bytes()[start..offset]),
            str::len_chars,
        );
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The bytes of a 1-based line, without its line break, if the text has that line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        Some(start..end.max(start))
    }
}

trait LenChars {
    fn len_chars(&self) -> usize;
}

impl LenChars for str {
    fn len_chars(&self) -> usize {
        self.chars().count()
    }
}

fn lossy_char_count(bytes: &[u8]) -> usize {
    String::from_utf8_lossy(bytes).chars().count()
}

/// Maps character indices (as YAML parsers report them) to byte offsets.
pub struct CharOffsets<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of every character, only built for non-ASCII text.
    offsets: Vec<usize>,
}

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let offsets = if ascii {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Self {
            text,
            ascii,
            offsets,
        }
    }

    pub fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.offsets
                .get(char_index)
                .copied()
                .unwrap_or(self.text.len())
        }
    }
}

/// Replaces control characters that a terminal would act on by characters of the same
/// encoded length, so that every byte offset into the text stays valid.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' | '\r' => c,
            c if c.is_control() && c.len_utf8() == 1 => '?',
            c if c.is_control() => '\u{bf}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a: é\nbé: x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 5 });
        assert_eq!(
            index.position(text, text.len()),
            Position { line: 3, column: 1 }
        );
    }

    #[test]
    fn char_offsets_handle_multibyte_text() {
        let text = "é: ü";
        let offsets = CharOffsets::new(text);
        assert_eq!(offsets.byte(3), text.find('ü').unwrap());
        assert_eq!(offsets.byte(99), text.len());
    }

    #[test]
    fn printable_keeps_offsets() {
        let text = "a\u{1b}[31mb\u{9b}c";
        assert_eq!(printable(text).len(), text.len());
        assert_eq!(printable(text), "a?[31mb\u{bf}c");
    }
}
