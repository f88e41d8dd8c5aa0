//! Apache Flink's SQL Gateway (REST API v2+) as a statement backend: opens one
//! gateway session per process, runs each statement as an operation in it, streams
//! its result pages into a `RowSink`, and closes the session at the end.

pub mod client;
pub mod results;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use crate::backend::{ConnectionsApi, Outcome, StatementBackend, StatementContext};
use crate::connections::Connection;
use crate::connections::spec::{NewConnection, Secrets};
use crate::error::{Error, ErrorKind, Result};
use crate::result::{Boundedness, RowSink};

use client::Client;
use results::Page;

const NO_CONNECTIONS: &str = "the SQL Gateway has no connections API; CONNECTION statements need Confluent Cloud (--url) or the local backend";

/// The gateway's answer when a page cannot be written with `rowFormat=JSON`.
const NOT_JSON: &str = "Could not map response to JSON";
/// Polling an operation whose results are not ready: a short first wait that grows.
const POLL_FIRST: Duration = Duration::from_millis(20);
const POLL_MAX: Duration = Duration::from_secs(1);
/// How often a sink hears that a streaming result is still running while no rows come.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
/// How long a stopped query's job may take to end before flinksh says it did not.
const JOB_END_TIMEOUT: Duration = Duration::from_secs(10);
/// Clean-up calls (cancel, close) must not keep the user waiting.
const CLEANUP_TIMEOUT: Duration = Duration::from_secs(2);
/// How often the session is kept alive, also while the prompt waits for input (the
/// gateway forgets a session idle for `sql-gateway.session.idle-timeout`, 10 minutes by
/// default; a shorter one the session's configuration reports is heeded).
const HEARTBEAT_EVERY: Duration = Duration::from_secs(60);
const HEARTBEAT_MIN: Duration = Duration::from_millis(100);

/// Opens a session on the gateway at `url`. The connections API it returns refuses
/// every call: the gateway has no connections.
/// `stderr` receives the notices, and with `verbose` the request log.
pub fn open(
    url: &str,
    stderr: crate::backend::LogSink,
    verbose: bool,
    interrupt: Arc<AtomicBool>,
) -> Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    let client = Client::new(url, stderr, verbose)?;
    let mut stmts = GatewayStatements {
        client,
        session: String::new(),
        defaults: BTreeMap::new(),
        sent_catalog: None,
        sent_database: None,
        sent_time_zone: Some(None),
        heartbeat_url: Arc::default(),
        session_lost: std::cell::Cell::new(false),
        _heartbeat: None,
        interrupt,
    };
    stmts.open_session()?;
    let every = heartbeat_interval(stmts.defaults.get("sql-gateway.session.idle-timeout"));
    stmts.client.log(&format!(
        "session heartbeat every {:.1} s",
        every.as_secs_f64()
    ));
    stmts._heartbeat = Some(stmts.client.every(every, Arc::clone(&stmts.heartbeat_url)));
    Ok((Box::new(GatewayConnections), Box::new(stmts)))
}

/// How often to send a heartbeat: every minute, or three times per idle timeout when
/// the gateway forgets idle sessions sooner than in three minutes.
fn heartbeat_interval(idle_timeout: Option<&String>) -> Duration {
    match idle_timeout.and_then(|t| crate::session::parse_duration(t)) {
        Some(t) if !t.is_zero() => (t / 3).clamp(HEARTBEAT_MIN, HEARTBEAT_EVERY),
        _ => HEARTBEAT_EVERY,
    }
}

/// The gateway has no connections; every call says so.
pub struct GatewayConnections;

impl ConnectionsApi for GatewayConnections {
    fn list(&mut self) -> Result<Vec<Connection>> {
        Err(Error::config(NO_CONNECTIONS))
    }
    fn create(&mut self, _new: &NewConnection) -> Result<Connection> {
        Err(Error::config(NO_CONNECTIONS))
    }
    fn get(&mut self, _name: &str) -> Result<Connection> {
        Err(Error::config(NO_CONNECTIONS))
    }
    fn update_secrets(&mut self, _name: &str, _secrets: &Secrets) -> Result<Connection> {
        Err(Error::config(NO_CONNECTIONS))
    }
    fn delete(&mut self, _name: &str) -> Result<()> {
        Err(Error::config(NO_CONNECTIONS))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionOpened {
    session_handle: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationSubmitted {
    operation_handle: String,
}

#[derive(Deserialize, Default)]
struct SessionConfig {
    #[serde(default)]
    properties: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
struct OperationStatus {
    #[serde(default)]
    status: String,
}

pub struct GatewayStatements {
    client: Client,
    session: String,
    /// The session's configuration as the gateway reported it when it was opened
    /// (`execution.runtime-mode`, `table.display.max-column-width`, …); the shell's
    /// `SET` overrides it per statement.
    defaults: BTreeMap<String, String>,
    /// The catalog and database last made current in the gateway session by `USE`
    /// statements sent on the session's behalf.
    sent_catalog: Option<String>,
    sent_database: Option<String>,
    /// The `table.local-time-zone` last SET in the gateway session: `Some(None)` its
    /// default, `None` not known (a SET or RESET of it failed, maybe half-way: the
    /// gateway keeps a SET zone it then fails to use), so the next statement sends it.
    sent_time_zone: Option<Option<String>>,
    /// Where the heartbeat thread sends its heartbeats: this session's.
    heartbeat_url: Arc<Mutex<Option<reqwest::Url>>>,
    /// Set when submitting a statement found the session gone.
    session_lost: std::cell::Cell<bool>,
    /// Dropping it stops the heartbeat thread.
    _heartbeat: Option<std::sync::mpsc::Sender<()>>,
    interrupt: Arc<AtomicBool>,
}

/// How the rows of an operation end up, once its first page told us.
struct Stream {
    types: Vec<crate::types::DataType>,
}

impl GatewayStatements {
    fn open_session(&mut self) -> Result<()> {
        let client = &self.client;
        let context = format!(
            "opening a session on the SQL Gateway at {}",
            client.address()
        );
        let (session, defaults) = client.block_on(async {
            let body = json!({"properties": {}, "sessionName": "flinksh"});
            let reply = client
                .send(
                    Method::POST,
                    client.url(&["sessions"]),
                    Some(&body),
                    3,
                    None,
                )
                .await?;
            if !reply.status.is_success() {
                return Err(client.failure(&reply, &context, ErrorKind::Connection));
            }
            let opened: SessionOpened = client.parse(&reply, &context)?;
            // The session's configuration says whether queries stream by default
            // (without it, Flink's own default, streaming, holds) and how wide tableau
            // columns are.
            let defaults = match client
                .send(
                    Method::GET,
                    client.url(&["sessions", &opened.session_handle]),
                    None,
                    1,
                    None,
                )
                .await
            {
                Ok(r) if r.status.is_success() => client
                    .parse::<SessionConfig>(&r, &context)
                    .map(|c| c.properties)
                    .unwrap_or_default(),
                _ => BTreeMap::new(),
            };
            Ok((opened.session_handle, defaults))
        })?;
        self.client
            .log(&format!("gateway session {session} opened"));
        if let Ok(mut url) = self.heartbeat_url.lock() {
            *url = Some(self.client.url(&["sessions", &session, "heartbeat"]));
        }
        self.session = session;
        self.defaults = defaults;
        self.sent_catalog = None;
        self.sent_database = None;
        self.sent_time_zone = Some(None);
        Ok(())
    }

    /// Runs `f`; if the gateway had forgotten the session (it expired, or the gateway
    /// restarted) when `f` submitted a statement — which therefore never ran — opens a
    /// new one, says so, and runs `f` again in it. The SET
    /// properties go with every statement, and `f` sends the catalog and database
    /// again, so the new session is set up as the old one was.
    fn in_session<T>(&mut self, mut f: impl FnMut(&mut Self) -> Result<T>) -> Result<T> {
        self.session_lost.set(false);
        match f(self) {
            Err(_) if self.session_lost.replace(false) => {
                self.open_session()?;
                self.client.notice(
                    "the SQL Gateway had forgotten the session; opened a new one with the same SET properties, catalog and database (TEMPORARY tables, views and functions are gone)",
                );
                f(self)
            }
            other => other,
        }
    }

    fn op_url(&self, op: &str, tail: &[&str]) -> reqwest::Url {
        let mut segments = vec!["sessions", self.session.as_str(), "operations", op];
        segments.extend_from_slice(tail);
        self.client.url(&segments)
    }

    async fn submit(&self, sql: &str, config: &BTreeMap<String, String>) -> Result<String> {
        let mut body = json!({ "statement": sql });
        if !config.is_empty() {
            body["executionConfig"] = json!(config);
        }
        let url = self.client.url(&["sessions", &self.session, "statements"]);
        // Sent again only when the connection was refused: a statement resent after
        // it reached the gateway could run twice.
        let reply = self
            .client
            .send(Method::POST, url, Some(&body), 3, None)
            .await?;
        if !reply.status.is_success() {
            let e = self.client.failure(&reply, "", ErrorKind::Statement);
            if e.message
                .contains(&format!("Session '{}' does not exist", self.session))
            {
                self.session_lost.set(true);
            }
            return Err(e);
        }
        let submitted: OperationSubmitted = self.client.parse(&reply, "submitting a statement")?;
        Ok(submitted.operation_handle)
    }

    /// Stops an operation and, for a query, waits until its job has ended; returns why
    /// that failed, if it did. A query's operation is FINISHED as soon as its job is
    /// submitted, and then only closing it stops the job (cancelling answers 500); an
    /// operation still RUNNING (a statement being planned, a DDL) is cancelled first.
    async fn stop(&self, op: &str, job: Option<&str>) -> Option<String> {
        if matches!(
            self.status(op).await.as_str(),
            "RUNNING" | "PENDING" | "INITIALIZED"
        ) {
            // Closing follows either way; a failed cancel matters only if that fails too.
            let _ = self
                .client
                .send(
                    Method::POST,
                    self.op_url(op, &["cancel"]),
                    None,
                    1,
                    Some(CLEANUP_TIMEOUT),
                )
                .await;
        }
        if let Err(why) = self.close(op).await {
            return Some(why);
        }
        let job = job?;
        let until = Instant::now() + JOB_END_TIMEOUT;
        loop {
            match self.job_running(job).await {
                Ok(false) => return None,
                Ok(true) if Instant::now() < until => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Ok(true) => {
                    return Some(format!(
                        "its job {job} was still running {} s after the statement was closed (SHOW JOBS; STOP JOB '{job}' stops it)",
                        JOB_END_TIMEOUT.as_secs()
                    ));
                }
                // SHOW JOBS needs a cluster (a gateway running its jobs locally has
                // none to ask); the gateway stops the job of a closed operation.
                Err(e) => {
                    self.client
                        .log(&format!("cannot check that job {job} ended: {}", e.message));
                    return None;
                }
            }
        }
    }

    /// The operation's status, upper-cased; empty when the gateway does not say.
    async fn status(&self, op: &str) -> String {
        match self
            .client
            .send(
                Method::GET,
                self.op_url(op, &["status"]),
                None,
                1,
                Some(CLEANUP_TIMEOUT),
            )
            .await
        {
            Ok(r) if r.status.is_success() => self
                .client
                .parse::<OperationStatus>(&r, "operation status")
                .map(|s| s.status.to_ascii_uppercase())
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Frees the operation (and ends a query's job); returns why that failed.
    async fn close(&self, op: &str) -> std::result::Result<(), String> {
        let reply = self
            .client
            .send(
                Method::DELETE,
                self.op_url(op, &["close"]),
                None,
                1,
                Some(CLEANUP_TIMEOUT),
            )
            .await;
        match reply {
            Ok(r) if r.status.is_success() => Ok(()),
            Ok(r) => Err(self
                .client
                .failure(&r, "closing the statement", ErrorKind::Statement)
                .message),
            Err(e) => Err(e.message),
        }
    }

    /// Whether `SHOW JOBS` lists `job` as not yet ended.
    async fn job_running(&self, job: &str) -> Result<bool> {
        let op = self.submit("SHOW JOBS", &BTreeMap::new()).await?;
        let mut token = "0".to_string();
        let mut running = false;
        let until = Instant::now() + JOB_END_TIMEOUT;
        let outcome = loop {
            let mut url = self.op_url(&op, &["result", &token]);
            url.query_pairs_mut().append_pair("rowFormat", "JSON");
            let reply = self
                .client
                .send(Method::GET, url, None, 1, Some(CLEANUP_TIMEOUT))
                .await?;
            if !reply.status.is_success() {
                break Err(self
                    .client
                    .failure(&reply, "SHOW JOBS", ErrorKind::Statement));
            }
            let page: Page = self.client.parse(&reply, "SHOW JOBS")?;
            if page.result_type.eq_ignore_ascii_case("NOT_READY") {
                if Instant::now() >= until {
                    break Err(Error::statement("SHOW JOBS had no answer"));
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            for row in page.results.iter().flat_map(|r| &r.data) {
                let text = |i: usize| {
                    row.fields
                        .get(i)
                        .and_then(|f| serde_json::from_str::<String>(f.get()).ok())
                        .unwrap_or_default()
                };
                if text(0) == job {
                    running = !matches!(
                        text(2).to_ascii_uppercase().as_str(),
                        "FINISHED" | "CANCELED" | "FAILED" | "SUSPENDED"
                    );
                }
            }
            match page.next_token() {
                Some(Ok(next)) if !page.result_type.eq_ignore_ascii_case("EOS") => token = next,
                _ => break Ok(running),
            }
        };
        let _ = self.close(&op).await;
        outcome
    }

    /// The error for a statement stopped on Ctrl-C or at `client.max-rows`.
    async fn interrupted(&self, op: &str, job: Option<&str>) -> Error {
        match self.stop(op, job).await {
            None => Error::stopped(),
            Some(why) => Error::new(
                ErrorKind::Interrupted,
                format!("the statement may still run on the gateway: {why}"),
            ),
        }
    }

    /// Sleeps up to `d`, waking early on Ctrl-C (returns true then).
    async fn wait(&self, d: Duration) -> bool {
        let until = Instant::now() + d;
        loop {
            if self.interrupt.load(Ordering::SeqCst) {
                return true;
            }
            let now = Instant::now();
            if now >= until {
                return false;
            }
            tokio::time::sleep((until - now).min(Duration::from_millis(50))).await;
        }
    }

    /// `wait`, letting a live view of the result redraw meanwhile.
    async fn wait_showing<'d>(
        &self,
        d: Duration,
        sink: Option<&mut (dyn RowSink + 'd)>,
    ) -> Result<bool> {
        let Some(sink) = sink else {
            return Ok(self.wait(d).await);
        };
        let until = Instant::now() + d;
        loop {
            sink.progress("RUNNING")?;
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(false);
            }
            if self.wait(left.min(PROGRESS_EVERY)).await {
                return Ok(true);
            }
        }
    }

    /// Runs one statement as an operation and follows its result pages to the end.
    async fn run(
        &self,
        sql: &str,
        config: &BTreeMap<String, String>,
        ctx: &StatementContext,
        sink: Option<&mut dyn RowSink>,
    ) -> Result<Outcome> {
        let op = self.submit(sql, config).await?;
        let mut job = None;
        let result = self.follow(&op, config, ctx, sink, &mut job).await;
        match &result {
            // Stopped already.
            Err(e) if e.kind == ErrorKind::Interrupted => {}
            // A failed operation has stopped by itself; only its result is left.
            Ok(_)
            | Err(Error {
                kind: ErrorKind::Statement,
                ..
            }) => {
                if let Err(why) = self.close(&op).await {
                    self.client.log(&why);
                }
            }
            Err(_) => {
                // A query whose results we stopped reading must not keep running.
                if let Some(why) = self.stop(&op, job.as_deref()).await {
                    self.client.log(&why);
                }
            }
        }
        result
    }

    async fn follow(
        &self,
        op: &str,
        config: &BTreeMap<String, String>,
        ctx: &StatementContext,
        mut sink: Option<&mut dyn RowSink>,
        job: &mut Option<String>,
    ) -> Result<Outcome> {
        let started = Instant::now();
        let mut token = "0".to_string();
        let mut stream: Option<Stream> = None;
        let mut delay = POLL_FIRST;
        let mut plain_text = false;
        loop {
            if self.interrupt.swap(false, Ordering::SeqCst) {
                if stream.is_some()
                    && let Some(s) = sink.as_deref_mut()
                {
                    let _ = s.end();
                }
                return Err(self.interrupted(op, job.as_deref()).await);
            }
            let mut url = self.op_url(op, &["result", &token]);
            let format = if plain_text { "PLAIN_TEXT" } else { "JSON" };
            url.query_pairs_mut().append_pair("rowFormat", format);
            let reply = self.client.send(Method::GET, url, None, 3, None).await?;
            if !reply.status.is_success() {
                // The gateway cannot write some values as JSON (a MAP with non-string
                // keys); the same page in its text form holds what the SQL Client prints.
                if !plain_text
                    && reply.status.as_u16() == 500
                    && String::from_utf8_lossy(&reply.body).contains(NOT_JSON)
                {
                    self.client
                        .log("the result has values JSON cannot hold; reading it as text");
                    plain_text = true;
                    continue;
                }
                let err = self.client.failure(&reply, "", ErrorKind::Statement);
                return Err(self.explain(op, err).await);
            }
            let page: Page = self.client.parse(&reply, "reading results")?;
            if page.job_id.is_some() {
                job.clone_from(&page.job_id);
            }
            match page.result_type.to_ascii_uppercase().as_str() {
                "NOT_READY" => {
                    if stream.is_none()
                        && let Some(limit) = ctx.results_timeout
                        && started.elapsed() >= limit
                    {
                        if let Some(why) = self.stop(op, job.as_deref()).await {
                            self.client.log(&why);
                        }
                        return Err(Error::statement(format!(
                            "the statement had no results after {:.1} s (client.results-timeout), so it was cancelled; raise client.results-timeout to wait longer",
                            limit.as_secs_f64()
                        )));
                    }
                    // Ctrl-C is handled at the top of the loop.
                    let view = if stream.is_some() {
                        sink.as_deref_mut()
                    } else {
                        None
                    };
                    self.wait_showing(delay, view).await?;
                    delay = (delay * 2).min(POLL_MAX);
                    continue;
                }
                "PAYLOAD" | "EOS" => {}
                other => {
                    return Err(Error::connection(format!(
                        "reading results: the SQL Gateway sent an unknown result type {other:?}"
                    )));
                }
            }
            let eos = page.result_type.eq_ignore_ascii_case("EOS");
            let info = page.results.as_ref();
            if stream.is_none() {
                let plain_ok = page.result_kind.eq_ignore_ascii_case("SUCCESS");
                let infos = info.map(|i| i.columns.as_slice()).unwrap_or_default();
                match sink.as_deref_mut() {
                    Some(s) if !plain_ok && !infos.is_empty() => {
                        let (columns, types) = results::columns(infos);
                        s.begin(&columns, self.boundedness(&page, config))?;
                        stream = Some(Stream { types });
                    }
                    // DDL, SET, USE: "OK" is all there is to say.
                    _ => {
                        if !plain_ok && !eos && page.next_token().is_some() {
                            // No columns yet: keep reading until they come.
                        } else {
                            return Ok(Outcome::Done(None));
                        }
                    }
                }
            }
            if let (Some(st), Some(s), Some(info)) = (&stream, sink.as_deref_mut(), info) {
                if !info.data.is_empty() {
                    delay = POLL_FIRST;
                }
                for row in &info.data {
                    let kind = results::change_kind(&row.kind).ok_or_else(|| {
                        Error::connection(format!(
                            "reading results: unknown row kind {:?} from the SQL Gateway",
                            row.kind
                        ))
                    })?;
                    if row.fields.len() != st.types.len() {
                        return Err(Error::connection(format!(
                            "reading results: a row has {} values for {} columns",
                            row.fields.len(),
                            st.types.len()
                        )));
                    }
                    let values = row
                        .fields
                        .iter()
                        .zip(&st.types)
                        .map(|(v, t)| {
                            if plain_text {
                                results::plain_value(v, t)
                            } else {
                                results::to_value(v, t)
                            }
                        })
                        .collect();
                    if let Err(e) = s.row(kind, values) {
                        let e = Error::from(e);
                        if e.kind == ErrorKind::Interrupted {
                            let _ = s.end();
                            return Err(self.interrupted(op, job.as_deref()).await);
                        }
                        return Err(e);
                    }
                }
            }
            match page.next_token() {
                None => break,
                Some(Ok(next)) => {
                    let empty = info.is_none_or(|i| i.data.is_empty());
                    if next == token || (stream.is_some() && empty) {
                        // The same token again, or a page without rows: nothing new
                        // yet, so wait before asking again (Ctrl-C ends the wait).
                        let view = if stream.is_some() {
                            sink.as_deref_mut()
                        } else {
                            None
                        };
                        self.wait_showing(delay, view).await?;
                        delay = (delay * 2).min(POLL_MAX);
                    }
                    token = next;
                }
                Some(Err(uri)) => {
                    return Err(Error::connection(format!(
                        "reading results: cannot follow the SQL Gateway's next-page link {uri}"
                    )));
                }
            }
        }
        match (stream, sink) {
            (Some(_), Some(s)) => Ok(Outcome::Rows(s.end()?)),
            _ => Ok(Outcome::Done(None)),
        }
    }

    /// A failed fetch explained by the operation's status when the body said nothing
    /// useful (e.g. a cancelled operation).
    async fn explain(&self, op: &str, err: Error) -> Error {
        let status = self.status(op).await;
        self.client.log(&format!("operation {op}: {status}"));
        if status == "CANCELED" {
            return Error::statement("the statement was cancelled on the SQL Gateway");
        }
        err
    }

    /// Rows of a query stream (with change kinds) unless the statement runs in
    /// batch mode: the page says whether it is a query, the runtime mode says
    /// whether its rows ever end.
    fn boundedness(&self, page: &Page, config: &BTreeMap<String, String>) -> Boundedness {
        let mode = config
            .get("execution.runtime-mode")
            .or_else(|| self.defaults.get("execution.runtime-mode"))
            .map_or("", String::as_str);
        if page.is_query_result && !mode.trim().eq_ignore_ascii_case("batch") {
            Boundedness::Unbounded
        } else {
            Boundedness::Bounded
        }
    }

    /// Makes the gateway session's current catalog and database the shell's, with
    /// `USE` statements, when they differ from what was sent last.
    fn sync_use(&mut self, catalog: Option<&str>, database: Option<&str>) -> Result<()> {
        let config = BTreeMap::new();
        let ctx = StatementContext::default();
        if let Some(c) = catalog
            && self.sent_catalog.as_deref() != Some(c)
        {
            let sql = format!("USE CATALOG {}", quote(c));
            self.client.block_on(self.run(&sql, &config, &ctx, None))?;
            self.sent_catalog = Some(c.to_string());
            self.sent_database = None;
        }
        if let Some(d) = database
            && self.sent_database.as_deref() != Some(d)
        {
            let sql = match catalog {
                Some(c) => format!("USE {}.{}", quote(c), quote(d)),
                None => format!("USE {}", quote(d)),
            };
            self.client.block_on(self.run(&sql, &config, &ctx, None))?;
            self.sent_database = Some(d.to_string());
        }
        Ok(())
    }
}

impl GatewayStatements {
    /// The gateway writes TIMESTAMP_LTZ values in its session's time zone, whatever a
    /// statement's own configuration says; so the shell's `table.local-time-zone` is
    /// SET in the session itself (and RESET when the shell resets it).
    fn sync_time_zone(&mut self, zone: Option<&str>) -> Result<()> {
        if self.sent_time_zone.as_ref().map(Option::as_deref) == Some(zone) {
            return Ok(());
        }
        let sql = match zone {
            Some(z) => format!("SET '{TIME_ZONE}' = '{}'", z.replace('\'', "''")),
            None => format!("RESET '{TIME_ZONE}'"),
        };
        let ctx = StatementContext::default();
        // Until it is known to have worked: a zone Flink does not know is kept by the
        // SET, which then fails, and only sending RESET again frees the session of it.
        self.sent_time_zone = None;
        self.client
            .block_on(self.run(&sql, &BTreeMap::new(), &ctx, None))?;
        self.sent_time_zone = Some(zone.map(str::to_string));
        Ok(())
    }
}

const TIME_ZONE: &str = "table.local-time-zone";

/// A Flink identifier in backquotes.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

impl StatementBackend for GatewayStatements {
    fn name(&self) -> &str {
        "gateway"
    }

    fn execute(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let config: BTreeMap<String, String> = ctx
            .properties
            .iter()
            .filter(|(k, _)| !k.starts_with("client."))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        self.in_session(|me| {
            me.sync_use(ctx.catalog.as_deref(), ctx.database.as_deref())?;
            me.sync_time_zone(config.get(TIME_ZONE).map(String::as_str))?;
            me.client
                .block_on(me.run(sql, &config, ctx, Some(&mut *sink)))
        })
    }

    fn check_use(&mut self, catalog: Option<&str>, database: Option<&str>) -> Result<()> {
        self.in_session(|me| me.sync_use(catalog, database))
    }

    fn default_property(&self, key: &str) -> Option<String> {
        self.defaults.get(key).cloned()
    }
}

impl Drop for GatewayStatements {
    fn drop(&mut self) {
        if self.session.is_empty() {
            return;
        }
        let url = self.client.url(&["sessions", &self.session]);
        let _ = self.client.block_on(self.client.send(
            Method::DELETE,
            url,
            None,
            1,
            Some(CLEANUP_TIMEOUT),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heartbeats_come_three_times_per_idle_timeout_at_most_every_minute() {
        let t = |s: &str| heartbeat_interval(Some(&s.to_string()));
        assert_eq!(heartbeat_interval(None), HEARTBEAT_EVERY);
        assert_eq!(t("10 min"), HEARTBEAT_EVERY);
        assert_eq!(t("90 s"), Duration::from_secs(30));
        assert_eq!(t("600ms"), Duration::from_millis(200));
        assert_eq!(t("1 ms"), HEARTBEAT_MIN);
        assert_eq!(t("0"), HEARTBEAT_EVERY);
        assert_eq!(t("soon"), HEARTBEAT_EVERY);
    }
}
