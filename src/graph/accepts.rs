//! What a typed detail accepts, and the check of a value typed for it.

/// What a typed detail accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Accepts {
    /// One line of text, at most this many characters.
    Text(usize),
    /// Numbers separated by dots, perhaps after a `V`: `1.2.3`, `V2.10`.
    Version,
    /// `YYYY-MM-DD`.
    Date,
    /// Digits, perhaps with dashes: an order number.
    Number,
}

/// The most characters any typed detail may have.
pub const MAX_TYPED: usize = 200;

impl Accepts {
    /// Whether `value` fits; the reason when it does not.
    pub fn check(self, value: &str) -> Result<(), String> {
        let value = value.trim();
        if value.is_empty() {
            return Err("it is empty".into());
        }
        if value
            .chars()
            .any(|c| c.is_control() || crate::text::is_deceptive(c))
        {
            return Err("it must be one line of plain text".into());
        }
        let length = value.chars().count();
        match self {
            Accepts::Text(max) if length > max => {
                Err(format!("it is longer than {max} characters"))
            }
            Accepts::Text(_) => Ok(()),
            _ if length > MAX_TYPED => Err(format!("it is longer than {MAX_TYPED} characters")),
            Accepts::Version => {
                let digits = value.strip_prefix(['V', 'v']).unwrap_or(value);
                let parts: Vec<&str> = digits.split('.').collect();
                if parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                {
                    Ok(())
                } else {
                    Err("a version is numbers separated by dots".into())
                }
            }
            Accepts::Date => {
                let parts: Vec<&str> = value.split('-').collect();
                let fits = matches!(parts.as_slice(), [y, m, d]
                    if y.len() == 4 && m.len() == 2 && d.len() == 2
                    && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
                    && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                    && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)));
                if fits {
                    Ok(())
                } else {
                    Err("a date is written YYYY-MM-DD".into())
                }
            }
            Accepts::Number => {
                if value.chars().all(|c| c.is_ascii_digit() || c == '-')
                    && value.chars().any(|c| c.is_ascii_digit())
                {
                    Ok(())
                } else {
                    Err("it takes digits only".into())
                }
            }
        }
    }

    /// Says what is accepted, for people and for agents.
    pub fn describe(self) -> String {
        match self {
            Accepts::Text(max) => format!("text, at most {max} characters"),
            Accepts::Version => "a version number".into(),
            Accepts::Date => "a date, YYYY-MM-DD".into(),
            Accepts::Number => "a number".into(),
        }
    }

    /// The name agents read: `text`, `version`, `date` or `number`.
    pub fn name(self) -> &'static str {
        match self {
            Accepts::Text(_) => "text",
            Accepts::Version => "version",
            Accepts::Date => "date",
            Accepts::Number => "number",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_details_are_checked_by_kind() {
        assert!(Accepts::Version.check("1.2.3").is_ok());
        assert!(Accepts::Version.check("V2.10").is_ok());
        assert!(Accepts::Version.check("1..2").is_err());
        assert!(Accepts::Version.check("latest").is_err());
        assert!(Accepts::Date.check("2026-11-30").is_ok());
        assert!(Accepts::Date.check("2026-13-01").is_err());
        assert!(Accepts::Date.check("30/11/2026").is_err());
        assert!(Accepts::Number.check("123-456").is_ok());
        assert!(Accepts::Number.check("abc").is_err());
        assert!(Accepts::Text(5).check("hello").is_ok());
        assert!(Accepts::Text(5).check("hello!").is_err());
        assert!(Accepts::Text(50).check("a\u{1b}[31m").is_err());
        assert!(Accepts::Text(50).check("  ").is_err());
    }
}
