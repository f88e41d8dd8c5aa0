//! The connections endpoints: list (all pages), create, get, update secrets, delete.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};

use reqwest::{Method, StatusCode, Url};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, IgnoredAny};
use serde_json::json;

use crate::backend::ConnectionsApi;
use crate::connections::Connection;
use crate::connections::model::{ConnectionList, ListMeta};
use crate::connections::spec::{self, NewConnection, Secrets};
use crate::error::{Error, ErrorKind, Result};

use super::credentials::Purpose;
use super::http::{Http, Reply};

/// The largest page the API serves.
pub const PAGE_SIZE: u32 = 100;
/// Far beyond any real environment; stops a server that never ends the list.
pub const MAX_PAGES: usize = 10_000;

pub struct CloudConnections {
    http: Arc<Http>,
    organization: String,
    environment: String,
}

impl CloudConnections {
    pub fn new(http: Arc<Http>, organization: String, environment: String) -> Self {
        CloudConnections {
            http,
            organization,
            environment,
        }
    }

    fn collection(&self) -> Url {
        self.http
            .environment_url(&self.organization, &self.environment, &["connections"])
    }

    fn item(&self, name: &str) -> Url {
        self.http.environment_url(
            &self.organization,
            &self.environment,
            &["connections", name],
        )
    }

    async fn fetch(&self, name: &str, context: &str) -> Result<Connection> {
        let reply = self
            .http
            .send(Method::GET, self.item(name), Purpose::Connections, None)
            .await?;
        if !reply.status.is_success() {
            return Err(self.http.failure(&reply, context, Purpose::Connections));
        }
        self.http.parse(&reply, context)
    }
}

fn auth_data(secrets: &Secrets) -> serde_json::Value {
    json!({"kind": "PlaintextProvider", "data": secrets.to_auth_json()})
}

/// The `page_token` of a `metadata.next` link (absolute or relative).
fn page_token(base: &Url, next: &str) -> Option<String> {
    let url = Url::parse(next).or_else(|_| base.join(next)).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "page_token")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// The part of a list page needed to ask for the next one; the items are skipped.
#[derive(Deserialize)]
struct PageHead {
    #[serde(default)]
    metadata: ListMeta,
}

/// `metadata.next` of a list page, read without going through its items when the
/// metadata comes before them, as the API sends it; `None` when it does not (the
/// caller then reads the whole page). The parser checks the whole page either way.
fn next_link_early(body: &[u8]) -> Option<String> {
    let skip_ws = |mut pos: usize| {
        while body.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        pos
    };
    let mut pos = skip_ws(0);
    if body.get(pos) != Some(&b'{') {
        return None;
    }
    pos += 1;
    loop {
        let (key, after) = json_value::<String>(body, pos)?;
        pos = skip_ws(after);
        if body.get(pos) != Some(&b':') {
            return None;
        }
        match key.as_str() {
            "metadata" => return json_value::<ListMeta>(body, pos + 1).map(|(m, _)| m.next),
            // The items come first (as from a server that sorts keys): the metadata
            // is near the end, so look there instead of going through the items.
            "data" => return next_link_late(body),
            _ => pos = skip_ws(json_value::<IgnoredAny>(body, pos + 1)?.1),
        }
        if body.get(pos) != Some(&b',') {
            return None;
        }
        pos += 1;
    }
}

/// `metadata.next` of a list page whose metadata comes after its items, found by
/// reading the page backwards from its end over the members that follow the items;
/// `None` when it is not there before an array member (the items) or the page does
/// not end like an object. Reading backwards is exact for JSON: inside a string
/// every `"` is escaped, so a string's opening quote is the first unescaped one
/// before its closing quote.
fn next_link_late(body: &[u8]) -> Option<String> {
    let mut depth = 0usize;
    let mut pos = body.len();
    loop {
        pos = pos.checked_sub(1)?;
        match body[pos] {
            b if depth == 0 && b.is_ascii_whitespace() => {}
            _ if depth == 0 && body[pos] != b'}' => return None,
            b'{' | b'[' if depth <= 1 => return None,
            // An array among the page's own members: the items.
            b']' if depth == 1 => return None,
            b'{' | b'[' => depth -= 1,
            b'}' | b']' => depth += 1,
            b'"' => {
                let end = pos;
                let start = loop {
                    pos = pos.checked_sub(1)?;
                    let backslashes = body[..pos]
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b'\\')
                        .count();
                    if body[pos] == b'"' && backslashes % 2 == 0 {
                        break pos;
                    }
                };
                if depth == 1 && &body[start + 1..end] == b"metadata" {
                    let mut colon = end + 1;
                    while body.get(colon).is_some_and(u8::is_ascii_whitespace) {
                        colon += 1;
                    }
                    if body.get(colon) == Some(&b':') {
                        return json_value::<ListMeta>(body, colon + 1).map(|(m, _)| m.next);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The JSON value at `pos` of `body` (after any whitespace), and the offset after it.
fn json_value<T: DeserializeOwned>(body: &[u8], pos: usize) -> Option<(T, usize)> {
    let mut values = serde_json::Deserializer::from_slice(body.get(pos..)?).into_iter::<T>();
    let value = values.next()?.ok()?;
    Some((value, pos + values.byte_offset()))
}

/// Reads a list page (`sql.v1.ConnectionList`) and appends its items to `all` as
/// they are read, without collecting each page into a vector of its own first. It
/// accepts no more than reading the page into `ConnectionList` does; on an error
/// the caller reads the page that way for the exact message.
fn append_page(body: &[u8], all: &mut Vec<Connection>) -> serde_json::Result<()> {
    let mut de = serde_json::Deserializer::from_slice(body);
    de::Deserializer::deserialize_map(&mut de, PageInto(all))?;
    de.end()
}

/// The members of a list page, matched as `ConnectionList`'s are.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum PageField {
    ApiVersion,
    Kind,
    Metadata,
    Data,
    #[serde(other)]
    Other,
}

struct PageInto<'v>(&'v mut Vec<Connection>);

impl<'de> de::Visitor<'de> for PageInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct ConnectionList")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let mut seen = [false; 4];
        while let Some(field) = map.next_key::<PageField>()? {
            let index = match field {
                PageField::ApiVersion => 0,
                PageField::Kind => 1,
                PageField::Metadata => 2,
                PageField::Data => 3,
                PageField::Other => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(de::Error::custom("duplicate field"));
            }
            match field {
                PageField::ApiVersion | PageField::Kind => {
                    map.next_value::<String>()?;
                }
                PageField::Metadata => {
                    map.next_value::<ListMeta>()?;
                }
                _ => map.next_value_seed(ItemsInto(&mut *self.0))?,
            }
        }
        Ok(())
    }
}

/// A page's `data`, appended to the vector.
struct ItemsInto<'v>(&'v mut Vec<Connection>);

impl<'de> de::DeserializeSeed<'de> for ItemsInto<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> de::Visitor<'de> for ItemsInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        if self.0.is_empty() {
            // Most lists are a run of full pages.
            self.0.reserve(PAGE_SIZE as usize * 4);
        }
        while let Some(item) = seq.next_element::<Connection>()? {
            self.0.push(item);
        }
        Ok(())
    }
}

/// Parses list pages on a thread of its own, in the order they arrive, so parsing
/// page N overlaps with fetching page N+1.
struct PageParser {
    pages: Option<mpsc::Sender<Reply>>,
    thread: std::thread::JoinHandle<Result<Vec<Connection>>>,
    failed: Arc<AtomicBool>,
}

impl PageParser {
    fn start(http: Arc<Http>, context: &'static str) -> Result<Self> {
        let (tx, rx) = mpsc::channel::<Reply>();
        let failed = Arc::new(AtomicBool::new(false));
        let failed_page = Arc::clone(&failed);
        let parse = move || {
            let mut all = Vec::new();
            for reply in rx {
                let before = all.len();
                if append_page(&reply.body, &mut all).is_ok() {
                    continue;
                }
                // The page as the model reads it, for the same result and message
                // as any other response.
                all.truncate(before);
                let page: ConnectionList = http.parse(&reply, context).inspect_err(|_| {
                    failed_page.store(true, Ordering::Relaxed);
                })?;
                all.extend(page.data);
            }
            Ok(all)
        };
        let thread = std::thread::Builder::new()
            .name("list pages".into())
            .spawn(parse)
            .map_err(|e| {
                Error::connection(format!(
                    "{context}: cannot start a thread ({e}); the system is out of resources"
                ))
            })?;
        Ok(PageParser {
            pages: Some(tx),
            thread,
            failed,
        })
    }

    /// A page failed to parse: no use fetching more. (Seen a page or two after the
    /// failing one, as the parser runs behind the fetching.)
    fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    fn push(&mut self, reply: Reply) {
        if let Some(tx) = &self.pages {
            // A send fails only once the parser has stopped on an error, which
            // `finish` reports.
            let _ = tx.send(reply);
        }
    }

    /// Every page pushed so far, parsed; the first page that failed to parse wins.
    fn finish(mut self) -> Result<Vec<Connection>> {
        drop(self.pages.take());
        self.thread.join().unwrap_or_else(|_| {
            Err(Error::connection(
                "SHOW CONNECTIONS: the page parser stopped unexpectedly",
            ))
        })
    }

    /// `later`, unless an earlier page failed to parse: errors come in page order.
    fn fail<T>(self, later: Error) -> Result<T> {
        self.finish().and(Err(later))
    }
}

impl ConnectionsApi for CloudConnections {
    fn environment_id(&self) -> Option<&str> {
        Some(&self.environment)
    }

    fn list(&mut self) -> Result<Vec<Connection>> {
        const CONTEXT: &str = "SHOW CONNECTIONS";
        let http = Arc::clone(&self.http);
        let base = self.collection();
        let mut parser = PageParser::start(Arc::clone(&http), CONTEXT)?;
        http.block_on(async {
            let mut seen = HashSet::new();
            let mut token: Option<String> = None;
            for _ in 0..MAX_PAGES {
                let mut url = base.clone();
                {
                    let mut q = url.query_pairs_mut();
                    q.append_pair("page_size", &PAGE_SIZE.to_string());
                    if let Some(t) = &token {
                        q.append_pair("page_token", t);
                    }
                }
                let reply = match http.send(Method::GET, url, Purpose::Connections, None).await {
                    Ok(reply) => reply,
                    Err(e) => return parser.fail(e),
                };
                if !reply.status.is_success() {
                    let e = http.failure(&reply, CONTEXT, Purpose::Connections);
                    return parser.fail(e);
                }
                let head = match next_link_early(&reply.body) {
                    Some(next) => Ok(next),
                    None => serde_json::from_slice::<PageHead>(&reply.body).map(|h| h.metadata.next),
                };
                let next = match head {
                    Ok(next) => next,
                    // The full parse gives the same message as any other malformed page.
                    Err(_) => {
                        let e = match http.parse::<ConnectionList>(&reply, CONTEXT) {
                            Err(e) => e,
                            Ok(_) => Error::connection(format!(
                                "{CONTEXT}: the server sent a malformed response"
                            )),
                        };
                        return parser.fail(e);
                    }
                };
                parser.push(reply);
                let next = next.trim();
                if next.is_empty() || parser.failed() {
                    return parser.finish();
                }
                let Some(t) = page_token(&base, next) else {
                    return parser.fail(Error::connection(format!(
                        "{CONTEXT}: the server's next-page link has no page_token: {next}"
                    )));
                };
                if !seen.insert(t.clone()) {
                    let all = parser.finish()?;
                    return Err(Error::connection(format!(
                        "{CONTEXT}: the server sent page token {t} twice; stopping to avoid an endless list (after {} connections)",
                        all.len()
                    )));
                }
                token = Some(t);
            }
            parser.fail(Error::connection(format!(
                "{CONTEXT}: the list did not end after {MAX_PAGES} pages of {PAGE_SIZE}; stopping"
            )))
        })
    }

    fn create(&mut self, new: &NewConnection) -> Result<Connection> {
        self.http.add_secrets(new.secrets.0.values());
        let context = format!("CREATE CONNECTION {}", new.name);
        let body = json!({
            "name": new.name,
            "spec": {
                "connection_type": new.connection_type,
                "endpoint": new.endpoint,
                "auth_data": auth_data(&new.secrets),
            }
        });
        let http = Arc::clone(&self.http);
        http.block_on(async {
            let reply = http
                .send(
                    Method::POST,
                    self.collection(),
                    Purpose::Connections,
                    Some(&body),
                )
                .await?;
            if reply.status.is_success() {
                return http.parse(&reply, &context);
            }
            let err = http.failure(&reply, &context, Purpose::Connections);
            // A POST that got no answer may have created the connection: the 409 of its
            // retry is then our own, recognisable by its type and endpoint. After answered
            // attempts only (429, 503, …) nothing of ours exists, and a match by type and
            // endpoint would report success for someone else's connection (and secret).
            if reply.status == StatusCode::CONFLICT && reply.unanswered_before {
                let existing = self.fetch(&new.name, &context).await?;
                if existing.spec.connection_type == new.connection_type
                    && existing.spec.endpoint == new.endpoint
                {
                    return Ok(existing);
                }
            }
            Err(err)
        })
    }

    fn get(&mut self, name: &str) -> Result<Connection> {
        let http = Arc::clone(&self.http);
        http.block_on(self.fetch(name, &format!("DESCRIBE CONNECTION {name}")))
    }

    fn update_secrets(&mut self, name: &str, secrets: &Secrets) -> Result<Connection> {
        self.http.add_secrets(secrets.0.values());
        let context = format!("ALTER CONNECTION {name}");
        let http = Arc::clone(&self.http);
        http.block_on(async {
            // PUT replaces the whole resource and needs the current resource_version.
            let current = self.fetch(name, &context).await?;
            spec::require_complete_secrets(&current.spec.connection_type, secrets)?;
            let body = json!({
                "name": name,
                "metadata": {"resource_version": current.metadata.resource_version},
                "spec": {
                    "connection_type": current.spec.connection_type,
                    "endpoint": current.spec.endpoint,
                    "auth_data": auth_data(secrets),
                }
            });
            let reply = http
                .send(
                    Method::PUT,
                    self.item(name),
                    Purpose::Connections,
                    Some(&body),
                )
                .await?;
            // The version read above is stale: someone changed the connection in
            // between (or an unanswered first attempt of this PUT did). Running the
            // statement again reads the new version.
            if reply.status == StatusCode::CONFLICT {
                return Err(Error::statement(format!(
                    "{context}: the connection was changed meanwhile; run the statement again"
                )));
            }
            if !reply.status.is_success() {
                return Err(http.failure(&reply, &context, Purpose::Connections));
            }
            if reply.body.iter().all(u8::is_ascii_whitespace) {
                return Ok(current);
            }
            http.parse(&reply, &context)
        })
    }

    fn delete(&mut self, name: &str) -> Result<()> {
        let context = format!("DROP CONNECTION {name}");
        let http = Arc::clone(&self.http);
        http.block_on(async {
            let reply = http
                .send(Method::DELETE, self.item(name), Purpose::Connections, None)
                .await?;
            if reply.status.is_success() {
                return Ok(());
            }
            let err = http.failure(&reply, &context, Purpose::Connections);
            // The first attempt may have deleted it already.
            if err.kind == ErrorKind::NotFound && reply.retried {
                return Ok(());
            }
            Err(err)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_is_read_early_only_when_the_metadata_comes_first() {
        let first = br#" { "api_version": "sql/v1", "kind": "ConnectionList",
            "metadata": {"self": "x", "next": "http://h/c?page_token=t2"}, "data": [] }"#;
        assert_eq!(
            next_link_early(first).as_deref(),
            Some("http://h/c?page_token=t2")
        );
        let escaped = br#"{"metadata":{"next":"/c?page_token=a&b"},"data":[{"x":1}]}"#;
        assert_eq!(
            next_link_early(escaped).as_deref(),
            Some("/c?page_token=a&b")
        );
        let last = br#"{"kind":{"nested":["}"]},"metadata":{"next":""}}"#;
        assert_eq!(next_link_early(last).as_deref(), Some(""));
        // The items come first: the metadata is read from the end.
        assert_eq!(
            next_link_early(br#"{"data":[],"metadata":{"next":"n"}}"#).as_deref(),
            Some("n")
        );
        // The page is not an object, or has no metadata after its items: read it whole.
        assert_eq!(next_link_early(br#"{"data":[],"kind":"x"}"#), None);
        assert_eq!(next_link_early(br#"{"kind":"x"}"#), None);
        assert_eq!(next_link_early(br#"{"metadata":null}"#), None);
        assert_eq!(next_link_early(b"[1]"), None);
        assert_eq!(next_link_early(b"{\"data\": [oops"), None);
    }

    #[test]
    fn next_link_after_the_items_is_read_from_the_end() {
        let sorted = br#"{"api_version":"sql/v1","data":[{"metadata":{"next":"item"}}],
            "kind":"ConnectionList","metadata":{"next":"/c?page_token=t2","self":"s"}}
            "#;
        assert_eq!(next_link_late(sorted).as_deref(), Some("/c?page_token=t2"));
        // Strings with quotes, backslashes and braces after the items.
        let tricky = br#"{"data":[],"kind":"a\\\"metadata\":{}]\\","metadata" :
            {"self":"\"}","next":"n\"2"},"z":{"metadata":{"next":"inner"}}}"#;
        assert_eq!(next_link_late(tricky).as_deref(), Some("n\"2"));
        // The same page parsed whole agrees.
        let whole: serde_json::Value = serde_json::from_slice(tricky).unwrap();
        assert_eq!(whole["metadata"]["next"], "n\"2");
        // Only the page's own members count: a nested metadata is not the page's.
        let nested = br#"{"data":[],"z":{"metadata":{"next":"inner"}}}"#;
        assert_eq!(next_link_late(nested), None);
        // No metadata after the items, or not an object: read the page whole.
        assert_eq!(
            next_link_late(br#"{"metadata":{"next":"n"},"data":[]}"#),
            None
        );
        assert_eq!(next_link_late(br#"{"metadata":{"next":"n"}} x"#), None);
        assert_eq!(next_link_late(br#"["metadata",{"next":"n"}]"#), None);
        assert_eq!(next_link_late(br#"{"metadata":null}"#), None);
        assert_eq!(next_link_late(br#""metadata"}"#), None);
        assert_eq!(next_link_late(b"}"), None);
        assert_eq!(next_link_late(b""), None);
    }

    #[test]
    fn pages_are_appended_as_the_model_reads_them() {
        let item = r#"{"name":"a","spec":{"connection_type":"OPENAI","endpoint":"e"},
            "metadata":{"created_at":"2025-01-01T00:00:00Z","uid":"u"},"extra":[1]}"#;
        let page = format!(
            r#"{{"api_version":"sql/v1","d\u0061ta":[{item},{item}],"more":{{"x":null}},
                "kind":"ConnectionList","metadata":{{"next":"n"}}}}"#
        );
        let mut all = vec![Connection::default()];
        append_page(page.as_bytes(), &mut all).unwrap();
        let model: ConnectionList = serde_json::from_str(&page).unwrap();
        assert_eq!(all[1..], model.data[..]);
        // Whatever the model rejects is rejected too (the caller then reports the
        // model's error).
        for bad in [
            r#"{"data":[],"data":[]}"#,
            r#"{"data":null}"#,
            r#"{"data":[{"name":"a"}]}"#,
            r#"{"kind":5,"data":[]}"#,
            r#"{"metadata":{"next":1},"data":[]}"#,
            r#"{"data":[]} x"#,
        ] {
            assert!(
                serde_json::from_str::<ConnectionList>(bad).is_err(),
                "{bad}"
            );
            assert!(
                append_page(bad.as_bytes(), &mut Vec::new()).is_err(),
                "{bad}"
            );
        }
        // A page sent as an array is left to the model.
        assert!(append_page(br#"["v","k",{},[]]"#, &mut Vec::new()).is_err());
    }

    #[test]
    fn page_token_comes_from_absolute_or_relative_links() {
        let base =
            Url::parse("http://h/sql/v1/organizations/o/environments/e/connections").unwrap();
        assert_eq!(
            page_token(&base, "http://h/x?page_size=100&page_token=abc%3D").as_deref(),
            Some("abc=")
        );
        assert_eq!(
            page_token(&base, "/sql/v1/x?page_token=t2").as_deref(),
            Some("t2")
        );
        assert_eq!(page_token(&base, "http://h/x?page_size=1"), None);
    }
}
