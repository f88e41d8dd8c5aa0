//! The statements and results endpoints: submit a statement under a client-chosen
//! name, poll its phase, stream its result pages into a `RowSink`, stop it on Ctrl-C.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, Url};

use crate::backend::{Outcome, Progress, StatementBackend, StatementContext};
use crate::error::{Error, ErrorKind, Result};
use crate::result::{Boundedness, ChangeKind, RowSink};

use super::credentials::Purpose;
use super::http::Http;
use super::results;
use super::types::{ColumnDetails, NewStatement, NewStatementSpec, Statement, StatementResult};
use crate::util::one_line;
use crate::util::random_u64;

/// How often the phase and empty result pages are polled: a short first wait that
/// grows, so quick statements answer fast and slow ones do not hammer the API.
#[derive(Debug, Clone)]
pub struct PollPolicy {
    pub first: Duration,
    pub factor: f64,
    pub max: Duration,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy {
            first: Duration::from_millis(50),
            factor: 1.5,
            max: Duration::from_secs(2),
        }
    }
}

impl PollPolicy {
    fn grow(&self, d: Duration) -> Duration {
        d.mul_f64(self.factor).min(self.max)
    }
}

/// `sql.v1.StatementSpec.statement`'s maxLength in the API contract.
const MAX_STATEMENT_CHARS: usize = 131_072;

pub struct CloudStatements {
    http: Arc<Http>,
    organization: String,
    environment: String,
    compute_pool: Option<String>,
    interrupt: Arc<AtomicBool>,
    results_timeout: Option<Duration>,
    poll: PollPolicy,
    spinner: Box<dyn Progress>,
    /// A live view owns the screen meanwhile: no spinner over it.
    spinner_paused: bool,
}

impl CloudStatements {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        http: Arc<Http>,
        organization: String,
        environment: String,
        compute_pool: Option<String>,
        interrupt: Arc<AtomicBool>,
        results_timeout: Option<Duration>,
        poll: PollPolicy,
        spinner: Box<dyn Progress>,
    ) -> Self {
        CloudStatements {
            http,
            organization,
            environment,
            compute_pool,
            interrupt,
            results_timeout,
            poll,
            spinner,
            spinner_paused: false,
        }
    }

    fn url(&self, tail: &[&str]) -> Url {
        let mut segments = vec!["statements"];
        segments.extend_from_slice(tail);
        self.http
            .environment_url(&self.organization, &self.environment, &segments)
    }

    /// Consumes a pending Ctrl-C.
    fn interrupted(&self) -> bool {
        self.interrupt.swap(false, Ordering::SeqCst)
    }

    /// Sleeps up to `d`, waking early on Ctrl-C (returns true then), keeping the
    /// spinner turning.
    async fn wait(&mut self, d: Duration, phase: &str, started: Instant) -> bool {
        let until = Instant::now() + d;
        loop {
            if self.interrupt.load(Ordering::SeqCst) {
                return true;
            }
            if !self.spinner_paused {
                self.spinner.tick(phase, started.elapsed());
            }
            let now = Instant::now();
            if now >= until {
                return false;
            }
            tokio::time::sleep((until - now).min(Duration::from_millis(100))).await;
        }
    }

    /// `wait` while a result streams: a live view of it redraws meanwhile, and shows
    /// what the spinner would.
    async fn wait_showing(
        &mut self,
        d: Duration,
        started: Instant,
        phase: &str,
        sink: &mut dyn RowSink,
    ) -> Result<bool> {
        let paused = self.spinner_paused;
        self.spinner_paused = paused || sink.keeps_state();
        let until = Instant::now() + d;
        let outcome = loop {
            if let Err(e) = sink.progress(phase) {
                break Err(e.into());
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break Ok(false);
            }
            if self
                .wait(left.min(Duration::from_millis(100)), "", started)
                .await
            {
                break Ok(true);
            }
        };
        self.spinner_paused = paused;
        outcome
    }

    async fn create(&self, name: &str, sql: &str, ctx: &StatementContext) -> Result<Statement> {
        // The contract's `spec.statement` maxLength; the server would refuse it anyway.
        let length = sql.chars().count();
        if length > MAX_STATEMENT_CHARS {
            return Err(Error::statement(format!(
                "the statement is {length} characters long; Confluent Cloud takes at most {MAX_STATEMENT_CHARS}: split it (nothing was sent)"
            )));
        }
        let properties = properties(ctx);
        let body = NewStatement {
            name,
            organization_id: &self.organization,
            environment_id: &self.environment,
            spec: NewStatementSpec {
                statement: sql,
                properties: &properties,
                // Without one the server uses the environment's default pool.
                compute_pool_id: self.compute_pool.as_deref(),
            },
        };
        let body = serde_json::to_value(&body)
            .map_err(|e| Error::statement(format!("cannot encode the statement: {e}")))?;
        let context = format!("statement {name}");
        let reply = self
            .http
            .send(
                Method::POST,
                self.url(&[]),
                Purpose::Statements,
                Some(&body),
            )
            .await?;
        if reply.status.is_success() {
            return self.http.parse(&reply, &context);
        }
        // The name is ours and fresh: a 409 after a retry means the first attempt
        // created it. Continue with that statement instead of creating another.
        if reply.status == StatusCode::CONFLICT && reply.retried {
            self.http.log(&format!(
                "statement {name} exists already: an earlier attempt created it; continuing with it"
            ));
            let existing = self.get(name).await?;
            if existing.spec.statement.is_empty() || existing.spec.statement == sql {
                return Ok(existing);
            }
        }
        Err(self.http.failure(&reply, &context, Purpose::Statements))
    }

    async fn get(&self, name: &str) -> Result<Statement> {
        let context = format!("statement {name}");
        let reply = self
            .http
            .send(Method::GET, self.url(&[name]), Purpose::Statements, None)
            .await?;
        if !reply.status.is_success() {
            return Err(self.http.failure(&reply, &context, Purpose::Statements));
        }
        self.http.parse(&reply, &context)
    }

    /// Stops and removes the statement on the server. Failure is reported, not fatal.
    async fn stop(&self, name: &str) -> Option<String> {
        self.stop_with(name, u32::MAX).await
    }

    async fn stop_with(&self, name: &str, attempts: u32) -> Option<String> {
        let context = format!("stopping statement {name}");
        match self
            .http
            .send_with(
                Method::DELETE,
                self.url(&[name]),
                Purpose::Statements,
                None,
                attempts,
            )
            .await
        {
            Ok(r) if r.status.is_success() || r.status == StatusCode::NOT_FOUND => None,
            Ok(r) => Some(self.http.failure(&r, &context, Purpose::Statements).message),
            Err(e) => Some(e.message),
        }
    }

    async fn interrupted_error(&mut self, name: &str) -> Error {
        self.spinner.clear();
        match self.stop(name).await {
            None => Error::interrupted(),
            Some(why) => Error::new(
                ErrorKind::Interrupted,
                format!("interrupted, but the statement may still run on the server: {why}"),
            ),
        }
    }

    async fn run(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let name = new_name();
        let started = Instant::now();
        let mut stmt = self.create(&name, sql, ctx).await?;
        let mut delay = self.poll.first;
        let mut last_phase = String::new();
        loop {
            let phase = stmt.status.phase.to_ascii_uppercase();
            if phase != last_phase {
                if !self.spinner.enabled() {
                    self.http.log(&format!("statement {name}: {phase}"));
                }
                last_phase.clone_from(&phase);
            }
            match phase.as_str() {
                "COMPLETED" => break,
                // Until the traits arrive we cannot tell a query from a job.
                "RUNNING" | "DEGRADED" if stmt.status.traits.is_some() => break,
                "FAILED" | "FAILING" => {
                    self.spinner.clear();
                    return Err(failed(&stmt));
                }
                "STOPPED" | "STOPPING" | "DELETING" => {
                    self.spinner.clear();
                    return Err(Error::statement(format!(
                        "statement {name} was stopped on the server{}",
                        detail_suffix(&stmt.status.detail)
                    )));
                }
                _ => {}
            }
            if let Some(limit) = ctx.results_timeout.or(self.results_timeout)
                && started.elapsed() >= limit
            {
                self.spinner.clear();
                let stopped = match self.stop(&name).await {
                    None => "it was stopped".to_string(),
                    Some(why) => format!("stopping it failed: {why}"),
                };
                return Err(Error::statement(format!(
                    "statement {name} was still {phase} after {:.1} s (client.results-timeout); {stopped}; raise client.results-timeout to wait longer",
                    limit.as_secs_f64()
                )));
            }
            if self.wait(delay, &phase, started).await && self.interrupted() {
                return Err(self.interrupted_error(&name).await);
            }
            delay = self.poll.grow(delay);
            stmt = self.get(&name).await?;
        }
        self.spinner.clear();

        let traits = stmt.status.traits.clone().unwrap_or_default();
        let schema = traits.schema.map(|s| s.columns).unwrap_or_default();
        if schema.is_empty() {
            let detail = stmt.status.detail.trim();
            return Ok(Outcome::Done(
                if stmt.status.phase.eq_ignore_ascii_case("RUNNING") {
                    Some(format!(
                        "Statement {name} is running on the server{}.",
                        detail_suffix(detail)
                    ))
                } else if detail.is_empty() {
                    None
                } else {
                    Some(detail.to_string())
                },
            ));
        }
        let bounded = match traits.is_bounded {
            Some(true) => Boundedness::Bounded,
            Some(false) => Boundedness::Unbounded,
            None if stmt.status.phase.eq_ignore_ascii_case("COMPLETED") => Boundedness::Bounded,
            None => Boundedness::Unbounded,
        };
        match self.stream(&name, &schema, bounded, sink).await {
            Ok(outcome) => Ok(outcome),
            Err(e) if matches!(e.kind, ErrorKind::Interrupted | ErrorKind::Statement) => Err(e),
            Err(e) => {
                // Reading results broke off: a query left running would keep using
                // the compute pool, so try once to stop it.
                if let Some(why) = self.stop_with(&name, 1).await {
                    self.http.log(&why);
                }
                Err(e)
            }
        }
    }

    /// Follows the result pages until the server says there are no more, or Ctrl-C.
    async fn stream(
        &mut self,
        name: &str,
        schema: &[ColumnDetails],
        bounded: Boundedness,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let context = format!("results of statement {name}");
        sink.begin(&results::columns(schema), bounded)?;
        let mut token: Option<String> = None;
        let mut idle = self.poll.first;
        let started = Instant::now();
        // What a live view of the result shows as the statement's phase.
        let mut phase = "RUNNING".to_string();
        loop {
            if self.interrupted() {
                let _ = sink.end();
                return Err(self.interrupted_error(name).await);
            }
            let mut url = self.url(&[name, "results"]);
            if let Some(t) = &token {
                url.query_pairs_mut().append_pair("page_token", t);
            }
            let reply = self
                .http
                .send(Method::GET, url.clone(), Purpose::Statements, None)
                .await?;
            if !reply.status.is_success() {
                let err = self.http.failure(&reply, &context, Purpose::Statements);
                // A statement that failed while running explains itself better.
                if let Ok(stmt) = self.get(name).await
                    && stmt.status.phase.eq_ignore_ascii_case("FAILED")
                {
                    return Err(failed(&stmt));
                }
                return Err(err);
            }
            let page: StatementResult = self.http.parse(&reply, &context)?;
            let empty = page.results.data.is_empty();
            if !empty {
                // Rows go to stdout; the spinner line must not end up in front of them.
                self.spinner.clear();
            }
            for r in page.results.data {
                let kind = ChangeKind::from_op(r.op).ok_or_else(|| {
                    Error::connection(format!(
                        "{context}: unknown change kind op {} in a result row",
                        r.op
                    ))
                })?;
                if r.row.len() != schema.len() {
                    return Err(Error::connection(format!(
                        "{context}: a result row has {} values for {} columns",
                        r.row.len(),
                        schema.len()
                    )));
                }
                let values = r
                    .row
                    .iter()
                    .zip(schema)
                    .map(|(v, c)| crate::backend::values::to_value(v, &c.data_type))
                    .collect();
                if let Err(e) = sink.row(kind, values) {
                    // The printer refused the row: Ctrl-C, or the session's row limit
                    // for a streaming result. Either way the query must not keep
                    // running on the compute pool.
                    let e = Error::from(e);
                    if e.kind == ErrorKind::Interrupted {
                        return Err(self.interrupted_error(name).await);
                    }
                    return Err(e);
                }
            }
            let next = page.metadata.next.trim();
            if next.is_empty() {
                break;
            }
            token = Some(result_token(&url, next).ok_or_else(|| {
                Error::connection(format!(
                    "{context}: the server's next-page link has no page_token: {next}"
                ))
            })?);
            if empty {
                // Nothing new yet: wait, and notice if the statement ended meanwhile.
                if self.wait_showing(idle, started, &phase, sink).await? {
                    continue;
                }
                idle = self.poll.grow(idle);
                let stmt = self.get(name).await?;
                phase = stmt.status.phase.to_ascii_uppercase();
                match phase.as_str() {
                    "FAILED" | "FAILING" => {
                        let _ = sink.end();
                        return Err(failed(&stmt));
                    }
                    "STOPPED" | "DELETING" => break,
                    _ => {}
                }
            } else {
                idle = self.poll.first;
            }
        }
        Ok(Outcome::Rows(sink.end()?))
    }
}

impl StatementBackend for CloudStatements {
    fn name(&self) -> &str {
        "cloud"
    }

    fn execute(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        let http = Arc::clone(&self.http);
        let result = http.block_on(self.run(sql, ctx, sink));
        self.spinner.clear();
        result
    }
}

/// The server's detail is printed on the terminal, so its control characters go.
fn failed(stmt: &Statement) -> Error {
    let detail = stmt.status.detail.trim();
    Error::statement(if detail.is_empty() {
        format!("statement {} failed", one_line(&stmt.name))
    } else {
        one_line(detail)
    })
}

fn detail_suffix(detail: &str) -> String {
    let d = detail.trim();
    if d.is_empty() {
        String::new()
    } else {
        format!(": {}", one_line(d))
    }
}

fn result_token(base: &Url, next: &str) -> Option<String> {
    let url = Url::parse(next).or_else(|_| base.join(next)).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "page_token")
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

/// A fresh statement name that satisfies the API's name pattern
/// (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 100 characters).
pub fn new_name() -> String {
    format!("flinksh-{:016x}", random_u64())
}

/// What travels with the statement: the session's properties, the current catalog
/// and database, and the local time zone unless the session set one.
pub fn properties(ctx: &StatementContext) -> BTreeMap<String, String> {
    let mut p: BTreeMap<String, String> = ctx
        .properties
        .iter()
        .filter(|(k, _)| !k.starts_with("client."))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(c) = &ctx.catalog {
        p.insert("sql.current-catalog".into(), c.clone());
    }
    if let Some(d) = &ctx.database {
        p.insert("sql.current-database".into(), d.clone());
    }
    p.entry("sql.local-time-zone".into())
        .or_insert_with(local_time_zone);
    p
}

/// The local UTC offset as Flink's `GMT+01:00` form, as Confluent's CLI sends it.
fn local_time_zone() -> String {
    let secs = chrono::Local::now().offset().local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.unsigned_abs();
    format!("GMT{sign}{:02}:{:02}", secs / 3600, (secs / 60) % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_api_pattern() {
        for _ in 0..100 {
            let n = new_name();
            assert!(n.len() <= 100);
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(!n.ends_with('-') && !n.starts_with('-'));
        }
        assert_ne!(new_name(), new_name());
    }

    #[test]
    fn properties_carry_use_and_set_but_not_client() {
        let mut ctx = StatementContext::default();
        ctx.properties.insert("client.output".into(), "x".into());
        ctx.properties
            .insert("sql.local-time-zone".into(), "UTC".into());
        ctx.properties.insert("parallelism".into(), "2".into());
        ctx.catalog = Some("env".into());
        ctx.database = Some("db".into());
        let p = properties(&ctx);
        assert_eq!(
            p.get("sql.current-catalog").map(String::as_str),
            Some("env")
        );
        assert_eq!(
            p.get("sql.current-database").map(String::as_str),
            Some("db")
        );
        assert_eq!(
            p.get("sql.local-time-zone").map(String::as_str),
            Some("UTC")
        );
        assert_eq!(p.get("parallelism").map(String::as_str), Some("2"));
        assert!(!p.contains_key("client.output"));
        let p = properties(&StatementContext::default());
        assert!(p["sql.local-time-zone"].starts_with("GMT"));
    }
}
