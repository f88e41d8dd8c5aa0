//! Flink's hashing and encoding functions on strings: MD5/SHA*, base64, ENCODE/DECODE
//! between strings and bytes, URL encoding and PARSE_URL.

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

use super::Scalar;
use super::args::{Arg, any_nullable, bytes, check, lenient, str_datum, strict, string, text};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

use Arg::{Bytes, Int, Str, StrOrBytes};

pub static FUNCTIONS: &[Scalar] = &[
    strict("MD5", hash_type::<0>, |a, _, _| {
        Ok(str_datum(hex(&Md5::digest(bytes(&a[0])))))
    }),
    strict("SHA1", hash_type::<1>, |a, _, _| {
        Ok(str_datum(hex(&Sha1::digest(bytes(&a[0])))))
    }),
    strict("SHA224", hash_type::<2>, |a, _, _| {
        Ok(str_datum(hex(&Sha224::digest(bytes(&a[0])))))
    }),
    strict("SHA256", hash_type::<3>, |a, _, _| {
        Ok(str_datum(hex(&Sha256::digest(bytes(&a[0])))))
    }),
    strict("SHA384", hash_type::<4>, |a, _, _| {
        Ok(str_datum(hex(&Sha384::digest(bytes(&a[0])))))
    }),
    strict("SHA512", hash_type::<5>, |a, _, _| {
        Ok(str_datum(hex(&Sha512::digest(bytes(&a[0])))))
    }),
    // Not strict: a NULL length fails the job, as in Flink.
    lenient("SHA2", sha2_type, |a, _, _| {
        if a[0].is_null() {
            return Ok(Datum::Null);
        }
        let data = bytes(&a[0]);
        let digest = match a[1] {
            Datum::Int(224) => hex(&Sha224::digest(data)),
            Datum::Int(0 | 256) => hex(&Sha256::digest(data)),
            Datum::Int(384) => hex(&Sha384::digest(data)),
            Datum::Int(512) => hex(&Sha512::digest(data)),
            ref other => {
                let n = match other {
                    Datum::Int(n) => n.to_string(),
                    _ => "NULL".into(),
                };
                return Err(format!(
                    "SHA2: unsupported hash length {n} (use 224, 256, 384 or 512)"
                ));
            }
        };
        Ok(str_datum(digest))
    }),
    strict("TO_BASE64", to_base64_type, |a, _, _| {
        Ok(str_datum(crate::util::base64(bytes(&a[0]))))
    }),
    strict("FROM_BASE64", from_base64_type, |a, _, _| {
        let s = text(&a[0]);
        let decoded = crate::util::base64_decode(s).ok_or_else(|| {
            format!("FROM_BASE64: '{s}' is not base64 (illegal base64 character)")
        })?;
        Ok(str_datum(String::from_utf8_lossy(&decoded)))
    }),
    strict("ENCODE", encode_type, |a, _, _| {
        Ok(Datum::Bytes(encode(text(&a[0]), charset(text(&a[1]))?)))
    }),
    strict("DECODE", decode_type, |a, _, _| {
        Ok(str_datum(decode(bytes(&a[0]), charset(text(&a[1]))?)))
    }),
    strict("URL_ENCODE", url_type::<0>, |a, _, _| {
        Ok(str_datum(url_encode(text(&a[0]))))
    }),
    strict("URL_DECODE", url_type::<1>, |a, _, _| {
        Ok(url_decode(text(&a[0])).map_or(Datum::Null, str_datum))
    }),
    strict("PARSE_URL", parse_url_type, |a, _, _| {
        let key = a.get(2).map(text);
        Ok(parse_url(text(&a[0]), text(&a[1]), key).map_or(Datum::Null, str_datum))
    }),
];

/// MD5, SHA1, SHA224, SHA256, SHA384, SHA512: a CHAR of the digest's hex length.
const HASHES: [(&str, u32); 6] = [
    ("MD5", 32),
    ("SHA1", 40),
    ("SHA224", 56),
    ("SHA256", 64),
    ("SHA384", 96),
    ("SHA512", 128),
];

fn hash_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    let (name, len) = HASHES[I];
    check(name, a, &[&[StrOrBytes]])?;
    Ok(FlinkType::new(Kind::Char(len), any_nullable(a)))
}

fn sha2_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("SHA2", a, &[&[StrOrBytes, Int]])?;
    Ok(FlinkType::new(Kind::VarChar(128), any_nullable(a)))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn to_base64_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("TO_BASE64", a, &[&[StrOrBytes]])?;
    Ok(string(any_nullable(a)))
}

fn from_base64_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("FROM_BASE64", a, &[&[StrOrBytes]])?;
    Ok(string(any_nullable(a)))
}

fn encode_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("ENCODE", a, &[&[Str, Str]])?;
    Ok(FlinkType::new(
        Kind::VarBinary(crate::types::MAX_LENGTH as u32),
        any_nullable(a),
    ))
}

fn decode_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("DECODE", a, &[&[Bytes, Str]])?;
    Ok(string(any_nullable(a)))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Charset {
    Utf8,
    Ascii,
    Latin1,
    Utf16Be,
    Utf16Le,
    /// UTF-16 with a byte-order mark, big-endian when writing (Java's `UTF-16`).
    Utf16,
}

/// The character sets every Java runtime has, by any of their usual names.
fn charset(name: &str) -> Result<Charset, String> {
    Ok(match name.to_ascii_uppercase().replace('_', "-").as_str() {
        "UTF-8" | "UTF8" => Charset::Utf8,
        "US-ASCII" | "ASCII" => Charset::Ascii,
        "ISO-8859-1" | "ISO8859-1" | "LATIN1" => Charset::Latin1,
        "UTF-16BE" => Charset::Utf16Be,
        "UTF-16LE" => Charset::Utf16Le,
        "UTF-16" | "UTF16" => Charset::Utf16,
        _ => {
            return Err(format!(
                "Unsupported character set '{name}' (use UTF-8, US-ASCII, ISO-8859-1, UTF-16BE, UTF-16LE or UTF-16)"
            ));
        }
    })
}

/// Characters the charset cannot hold become `?`, as Java's `String.getBytes` does.
fn encode(s: &str, cs: Charset) -> Vec<u8> {
    let narrow = |max: u32| -> Vec<u8> {
        s.chars()
            .map(|c| {
                u8::try_from(u32::from(c))
                    .ok()
                    .filter(|b| u32::from(*b) <= max)
                    .unwrap_or(b'?')
            })
            .collect()
    };
    match cs {
        Charset::Utf8 => s.as_bytes().to_vec(),
        Charset::Ascii => narrow(0x7F),
        Charset::Latin1 => narrow(0xFF),
        Charset::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Charset::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Charset::Utf16 => [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

/// Bytes that are not a character of the charset become U+FFFD, as in Java.
fn decode(b: &[u8], cs: Charset) -> String {
    let utf16 = |b: &[u8], be: bool| -> String {
        let units: Vec<u16> = b
            .chunks(2)
            .map(|c| match (c, be) {
                ([x, y], true) => u16::from_be_bytes([*x, *y]),
                ([x, y], false) => u16::from_le_bytes([*x, *y]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    match cs {
        Charset::Utf8 => String::from_utf8_lossy(b).into_owned(),
        Charset::Ascii => b
            .iter()
            .map(|x| {
                if x.is_ascii() {
                    char::from(*x)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
        Charset::Latin1 => b.iter().map(|x| char::from(*x)).collect(),
        Charset::Utf16Be => utf16(b, true),
        Charset::Utf16Le => utf16(b, false),
        Charset::Utf16 => match b {
            [0xFF, 0xFE, rest @ ..] => utf16(rest, false),
            [0xFE, 0xFF, rest @ ..] => utf16(rest, true),
            _ => utf16(b, true),
        },
    }
}

const URL_NAMES: [&str; 2] = ["URL_ENCODE", "URL_DECODE"];

fn url_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(URL_NAMES[I], a, &[&[Str]])?;
    Ok(string(true))
}

/// Java's `URLEncoder.encode(s, UTF-8)`: letters, digits and `.-*_` stay, a space is
/// `+`, every other byte `%XX`.
fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Java's `URLDecoder.decode(s, UTF-8)`; None for a malformed `%` escape (Flink: NULL).
fn url_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.bytes();
    while let Some(b) = it.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = char::from(it.next()?).to_digit(16)?;
                let lo = char::from(it.next()?).to_digit(16)?;
                out.push(u8::try_from(hi * 16 + lo).ok()?);
            }
            b => out.push(b),
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn parse_url_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("PARSE_URL", a, &[&[Str, Str], &[Str, Str, Str]])?;
    Ok(string(true))
}

/// The schemes a Java runtime has URL handlers for: other URLs are malformed to Java,
/// and PARSE_URL gives NULL for them.
const SCHEMES: [&str; 6] = ["http", "https", "ftp", "file", "jar", "mailto"];

/// `PARSE_URL(url, part[, key])` as Java's `java.net.URL` splits a URL; part is HOST,
/// PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY or USERINFO; with a key, the value of
/// that query parameter.
fn parse_url(url: &str, part: &str, key: Option<&str>) -> Option<String> {
    let (scheme, rest) = url.split_once(':')?;
    if !SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
        return None;
    }
    let (rest, fragment) = match rest.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => match after.find('/') {
            Some(i) => (Some(&after[..i]), &after[i..]),
            None => (Some(after), ""),
        },
        None => (None, rest),
    };
    let (userinfo, host_port) = match authority.map(|a| a.rsplit_once('@')) {
        Some(Some((u, h))) => (Some(u), h),
        Some(None) => (None, authority.unwrap_or_default()),
        None => (None, ""),
    };
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next().unwrap_or(host_port)
    } else {
        host_port.split(':').next().unwrap_or(host_port)
    };
    match part {
        "HOST" => Some(host.to_string()),
        "PATH" => Some(path.to_string()),
        "QUERY" => match key {
            None => query.map(str::to_string),
            Some(key) => query?
                .split('&')
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .map(str::to_string),
        },
        "REF" => fragment.map(str::to_string),
        "PROTOCOL" => Some(scheme.to_string()),
        "FILE" => Some(match query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_string(),
        }),
        "AUTHORITY" => authority.map(str::to_string),
        "USERINFO" => userinfo.map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    #[test]
    fn hashes() {
        assert_eq!(
            call("MD5", vec![lit("abc")]),
            (
                s("900150983cd24fb0d6963f7d28e17f72"),
                "CHAR(32) NOT NULL".into()
            )
        );
        assert_eq!(
            call(
                "MD5",
                vec![(Datum::Bytes(b"abc".to_vec()), t("BYTES NOT NULL"))]
            )
            .0,
            s("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(call("MD5", vec![null("STRING")]), (NULL, "CHAR(32)".into()));
        assert_eq!(
            call("SHA1", vec![lit("abc")]),
            (
                s("a9993e364706816aba3e25717850c26c9cd0d89d"),
                "CHAR(40) NOT NULL".into()
            )
        );
        let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(
            call("SHA256", vec![lit("abc")]),
            (s(sha256), "CHAR(64) NOT NULL".into())
        );
        assert_eq!(
            call("SHA2", vec![lit("abc"), lit(256)]),
            (s(sha256), "VARCHAR(128) NOT NULL".into())
        );
        assert_eq!(
            call("SHA2", vec![lit("abc"), lit(224)]).0,
            s("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")
        );
        assert_eq!(call("SHA224", vec![lit("abc")]).1, "CHAR(56) NOT NULL");
        assert_eq!(call("SHA384", vec![lit("abc")]).1, "CHAR(96) NOT NULL");
        assert_eq!(
            call("SHA512", vec![lit("abc")]).0,
            s(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            )
        );
        assert!(call("SHA2", vec![lit("abc"), lit(100)]).0.is_err());
        assert!(call("SHA2", vec![lit("abc"), null("INT")]).0.is_err());
        assert_eq!(
            call("SHA2", vec![null("STRING"), lit(256)]),
            (NULL, "VARCHAR(128)".into())
        );
    }

    #[test]
    fn base64_and_charsets() {
        assert_eq!(
            call("TO_BASE64", vec![lit("abc")]),
            (s("YWJj"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("FROM_BASE64", vec![lit("YWJj")]),
            (s("abc"), "STRING NOT NULL".into())
        );
        assert!(call("FROM_BASE64", vec![lit("!!")]).0.is_err());
        assert_eq!(
            call("ENCODE", vec![lit("abc"), lit("UTF-8")]),
            (Ok(Datum::Bytes(b"abc".to_vec())), "BYTES NOT NULL".into())
        );
        assert_eq!(
            call("ENCODE", vec![lit("é"), lit("ISO-8859-1")]).0,
            Ok(Datum::Bytes(vec![0xE9]))
        );
        assert!(call("ENCODE", vec![lit("a"), lit("bogus")]).0.is_err());
        let bytes = |b: &[u8]| (Datum::Bytes(b.to_vec()), t("BYTES NOT NULL"));
        assert_eq!(
            call("DECODE", vec![bytes(&[0xE9]), lit("ISO-8859-1")]).0,
            s("é")
        );
        assert_eq!(
            call("DECODE", vec![bytes(&[0xC3, 0xA9]), lit("UTF-8")]),
            (s("é"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("DECODE", vec![bytes(&[0xFF]), lit("UTF-8")]).0,
            s("\u{FFFD}")
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            call("URL_ENCODE", vec![lit("a b&c")]),
            (s("a+b%26c"), "STRING".into())
        );
        assert_eq!(call("URL_ENCODE", vec![lit("é ~*")]).0, s("%C3%A9+%7E*"));
        assert_eq!(call("URL_DECODE", vec![lit("a+b%26c")]).0, s("a b&c"));
        assert_eq!(call("URL_DECODE", vec![lit("%zz")]).0, NULL);
        let url = "http://user@a.com:8080/p/q?x=1&y=2#frag";
        let part = |p: &str| call("PARSE_URL", vec![lit(url), lit(p)]).0;
        assert_eq!(part("HOST"), s("a.com"));
        assert_eq!(part("PATH"), s("/p/q"));
        assert_eq!(part("QUERY"), s("x=1&y=2"));
        assert_eq!(part("REF"), s("frag"));
        assert_eq!(part("PROTOCOL"), s("http"));
        assert_eq!(part("FILE"), s("/p/q?x=1&y=2"));
        assert_eq!(part("AUTHORITY"), s("user@a.com:8080"));
        assert_eq!(part("USERINFO"), s("user"));
        assert_eq!(part("BOGUS"), NULL);
        assert_eq!(
            call("PARSE_URL", vec![lit(url), lit("QUERY"), lit("y")]),
            (s("2"), "STRING".into())
        );
        assert_eq!(
            call("PARSE_URL", vec![lit(url), lit("QUERY"), lit("z")]).0,
            NULL
        );
        assert_eq!(
            call("PARSE_URL", vec![lit("not a url"), lit("HOST")]).0,
            NULL
        );
    }
}
