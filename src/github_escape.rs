//! GitHub's escaping of workflow commands (`::error title=…::…`), written once.
//!
//! The runner reads commands from a step's output; a value that kept its `%`, CR or LF
//! could end the command early or start a forged one, and a property that kept its `:`
//! or `,` could end the property list. [`crate::ci::github`] escapes what it writes with
//! these, and [`crate::secret`] masks a secret in these forms too, since masking compares
//! bytes. Pure text to text; it knows nothing else.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

/// A command's message: `%`, CR and LF percent-escaped.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property (`title=…`): as a message, and `:` and `,` as well.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_escape_what_would_end_them() {
        assert_eq!(data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(
            property("%3A"),
            "%253A",
            "the escape itself is escaped first"
        );
    }
}
