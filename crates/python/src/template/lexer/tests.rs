use super::*;

fn texts(src: &str) -> Vec<Token> {
    tokenize(src).unwrap()
}

#[test]
fn control_lines_consume_their_line_break() {
    assert_eq!(
        texts("a\n  % if x:\nb\n% endif\n"),
        [
            Token::Text("a\n".into()),
            Token::Control {
                keyword: "if".into(),
                is_end: false,
                text: 6..11,
            },
            Token::Text("b\n".into()),
            Token::Control {
                keyword: "if".into(),
                is_end: true,
                text: 16..21,
            },
        ]
    );
}

#[test]
fn expressions_split_code_and_filters_outside_brackets() {
    let src = "${f(a | b)['}'] | h, trim}";
    let tokens = texts(src);
    let [Token::Expr {
        start: 0,
        code,
        filters: Some(filters),
    }] = tokens.as_slice()
    else {
        panic!("{tokens:?}");
    };
    assert_eq!(&src[code.clone()], "f(a | b)['}'] ");
    assert_eq!(&src[filters.clone()], " h, trim");
}

#[test]
fn code_blocks_end_at_percent_gt_outside_strings() {
    let src = "<% x = '%>' %>after";
    let tokens = texts(src);
    let [Token::Code {
        start: 0,
        code,
        module: false,
    }, Token::Text(after)] = tokens.as_slice()
    else {
        panic!("{tokens:?}");
    };
    assert_eq!(&src[code.clone()], " x = '%>' ");
    assert_eq!(after, "after");
}

#[test]
fn text_tags_and_escapes_become_text() {
    // Adjacent text pieces are merged into one token.
    assert_eq!(
        texts("<%text>${x}</%text>\\\n%% y"),
        [Token::Text("${x}% y".into())]
    );
}

#[test]
fn lexical_errors() {
    assert!(tokenize("${x")
        .unwrap_err()
        .message
        .starts_with("expected | or }"));
    assert!(tokenize("</%x>").is_err());
    assert!(tokenize("<%doc>").is_err());
    assert!(tokenize("<%def name='x'>").unwrap_err().unsupported);
    assert!(tokenize("${'x}").is_err());
}
