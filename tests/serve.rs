//! `flinksh serve` as a real process, driven by the real cloud client (`flinksh --url`)
//! and by plain HTTP requests.

#[path = "util/mod.rs"]
mod util;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use util::{Shell, code, stderr, stdout};

const ORG: &str = "b0b21724-4586-4a07-b787-d0bb5aacbf87";
const ENV: &str = "env-a1b2c3";

/// A running `flinksh serve`; killed when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(env: &[(&str, &str)]) -> Server {
        Server::start_with(&[], env)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
        cmd.args([
            "serve",
            "--verbose",
            "--listen",
            "127.0.0.1:0",
            "--state-dir",
        ])
        .arg(dir.path().join("state"))
        .args(args)
        .env_remove("FLINKSH_SERVE_API_KEY")
        .env_remove("FLINKSH_SERVE_API_SECRET")
        .env_remove("FLINKSH_STATE_DIR")
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start flinksh serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.expect("stderr line");
            stderr.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(rest) = line.strip_prefix("Serving the local backend as sql/v1 at http://")
            {
                addr = rest.split_whitespace().next().map(str::to_string);
                break;
            }
        }
        let addr = addr
            .unwrap_or_else(|| panic!("serve did not start: {}", stderr.lock().unwrap().as_str()));
        // Keep reading, so the server never blocks on a full pipe.
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        Server {
            child,
            addr,
            stderr,
            _dir: dir,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The real cloud client against this server.
    fn client(&self, shell: &Shell, key: &str, secret: &str) -> assert_cmd::Command {
        let mut cmd = shell.cmd();
        cmd.env("CLOUD_API_KEY", key)
            .env("CLOUD_API_SECRET", secret)
            .env("FLINK_API_KEY", key)
            .env("FLINK_API_SECRET", secret)
            .args(["--url", &self.url(), "--organization", ORG])
            .args(["--environment", ENV, "--compute-pool", "lfcp-1"])
            .args(["--cloud", "aws", "--region", "us-west-2"]);
        cmd
    }

    fn sql(&self, shell: &Shell, args: &[&str]) -> std::process::Output {
        // Not the brief's one-letter `s`: the client masks every occurrence of the
        // secret in its messages, which would mangle every `s` in them.
        self.client(shell, "test-key", "test-secret-123")
            .args(args)
            .output()
            .expect("run flinksh")
    }

    /// One HTTP/1.1 request; returns the status, the headers (lower-cased names) and
    /// the body as JSON (null when empty).
    fn http(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> (u16, Vec<(String, String)>, Value) {
        self.http_auth(method, path, body, "Basic azpz")
    }

    fn http_auth(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        authorization: &str,
    ) -> (u16, Vec<(String, String)>, Value) {
        let body = body.unwrap_or("");
        self.raw(&format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: {authorization}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        ))
    }

    /// Sends `request` as is on a new connection and reads the whole answer.
    fn raw(&self, request: &str) -> (u16, Vec<(String, String)>, Value) {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(request.as_bytes()).expect("send");
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read");
        let text = String::from_utf8(raw).expect("utf-8 response");
        let (head, body) = text.split_once("\r\n\r\n").expect("headers end");
        let mut lines = head.lines();
        let status: u16 = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse().ok())
            .expect("status line");
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let json = if body.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
        };
        (status, headers, json)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Asserts a `Failure` answer with this status that repeats the request id.
fn failure(status: u16, headers: &[(String, String)], body: &Value, want: u16) {
    assert_eq!(status, want, "{body}");
    let id = header(headers, "x-request-id").unwrap_or("");
    assert!(!id.is_empty());
    let e = &body["errors"][0];
    assert_eq!(e["id"], id, "the error repeats the request id");
    assert_eq!(e["status"], want.to_string(), "{body}");
    for field in ["code", "title", "detail"] {
        assert!(
            e[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}: {body}"
        );
    }
}

fn base(env: &str) -> String {
    format!("/sql/v1/organizations/{ORG}/environments/{env}")
}

fn openai(name: &str) -> String {
    json!({
        "name": name,
        "spec": {
            "connection_type": "OPENAI",
            "endpoint": "https://api.openai.com/v1/chat/completions",
            "auth_data": {"kind": "PlaintextProvider", "data": "{\"API_KEY\":\"sk-http-secret\"}"}
        }
    })
    .to_string()
}

#[test]
fn the_cloud_client_manages_connections_end_to_end() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(
        &shell,
        &[
            "-e",
            "CREATE CONNECTION my-openai WITH ('type' = 'OPENAI', 'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'sk-very-secret-1')",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let out = server.sql(&shell, &["-e", "SHOW CONNECTIONS"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let table = stdout(&out);
    let header_line = table.lines().next().unwrap_or("");
    for column in [
        "Creation Date",
        "Name",
        "Environment",
        "Cloud",
        "Region",
        "Type",
        "Endpoint",
        "Data",
    ] {
        assert!(header_line.contains(column), "{table}");
    }
    let row = table.lines().nth(2).unwrap_or("");
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    assert_eq!(
        &cells[1..8],
        [
            "my-openai",
            ENV,
            "aws",
            "us-west-2",
            "OPENAI",
            "https://api.openai.com/v1/chat/completions",
            "<REDACTED>"
        ],
        "{table}"
    );

    let out = server.sql(&shell, &["-e", "DESCRIBE CONNECTION my-openai"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("| Type          | OPENAI"),
        "{}",
        stdout(&out)
    );

    let out = server.sql(
        &shell,
        &[
            "-e",
            "ALTER CONNECTION my-openai SET ('api-key' = 'sk-very-secret-2')",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Only secrets change: the server refuses anything else the client might send.
    let out = server.sql(
        &shell,
        &[
            "-e",
            "ALTER CONNECTION my-openai SET ('endpoint' = 'https://x')",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));

    let out = server.sql(&shell, &["-e", "DROP CONNECTION my-openai"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = server.sql(&shell, &["-e", "DROP CONNECTION my-openai"]);
    assert_eq!(
        code(&out),
        1,
        "a second DROP finds nothing: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    let out = server.sql(&shell, &["-e", "DROP CONNECTION IF EXISTS my-openai"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));

    let log = server.stderr();
    assert!(log.contains("POST"), "--verbose logs requests: {log}");
    assert!(!log.contains("sk-very-secret"), "{log}");
}

#[test]
fn tables_and_rows_come_back_as_the_local_backend_prints_them() {
    let script = "CREATE TABLE t (id INT, name STRING, price DECIMAL(10, 2), ok BOOLEAN, tags ARRAY<INT>);\n\
                  INSERT INTO t VALUES (1, 'a,b', 1.5, TRUE, ARRAY[1, 2]), (2, NULL, NULL, FALSE, NULL), (3, 'x', 10, NULL, ARRAY[3]);\n\
                  SELECT * FROM t ORDER BY id;\n\
                  SELECT count(*) AS n, sum(price) AS total, 2.5 AS half FROM t;\n";
    let server = Server::start(&[]);
    let shell = Shell::new();
    let path = shell.write("t.sql", script);
    let path = path.to_str().unwrap();
    let remote = server.sql(&shell, &["-o", "csv", "-f", path]);
    assert_eq!(code(&remote), 0, "{}", stderr(&remote));
    assert_eq!(
        stdout(&remote),
        "id,name,price,ok,tags\n1,\"a,b\",1.50,TRUE,\"[1, 2]\"\n2,,,FALSE,\n3,x,10.00,,[3]\nn,total,half\n3,11.50,2.5\n"
    );
    // The same script on the local backend directly prints the same bytes.
    let local = Shell::new();
    let out = local
        .cmd()
        .args(["-o", "csv", "-f", path])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&remote), stdout(&out));
}

#[test]
fn results_longer_than_a_page_arrive_whole() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(
        &shell,
        &[
            "-o",
            "csv",
            "-e",
            "CREATE TABLE big (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '2500', \
             'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '2500')",
            "-e",
            "SELECT n FROM big ORDER BY n",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2501);
    assert_eq!(lines[0], "n");
    assert_eq!(lines[1], "1");
    assert_eq!(lines[2500], "2500");
}

#[test]
fn a_failing_statement_exits_1_with_the_engine_message() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(&shell, &["-e", "SELECT * FROM missing_table"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Object 'missing_table' not found"),
        "{}",
        stderr(&out)
    );
    let out = server.sql(&shell, &["-e", "USE CATALOG other", "-e", "SELECT 1"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

#[test]
fn a_deeply_nested_type_is_refused_and_the_server_keeps_serving() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let deep = format!("{}INT{}", "ARRAY<".repeat(10_000), ">".repeat(10_000));
    let script = format!("CREATE TABLE t (tags {deep});\nSELECT * FROM t;\n");
    let path = shell.write("deep.sql", &script);
    let out = server.sql(&shell, &["-f", path.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the type of column tags nests more than 64 levels deep"),
        "{}",
        stderr(&out)
    );
    let out = server.sql(&shell, &["-o", "csv", "-e", "SELECT 1 AS one"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "one\n1\n");
}

#[test]
fn wrong_credentials_get_401_and_the_client_exits_2() {
    let server = Server::start(&[
        ("FLINKSH_SERVE_API_KEY", "serve-key"),
        ("FLINKSH_SERVE_API_SECRET", "serve-secret-xyz"),
    ]);
    let shell = Shell::new();
    let out = server
        .client(&shell, "serve-key", "wrong")
        .args(["-e", "SHOW CONNECTIONS"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("HTTP 401"), "{}", stderr(&out));
    let out = server
        .client(&shell, "serve-key", "serve-secret-xyz")
        .args(["-e", "SHOW CONNECTIONS", "-e", "SELECT 1 AS one"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (status, headers, body) = server.http("GET", &format!("{}/connections", base(ENV)), None);
    assert_eq!(status, 401);
    assert!(header(&headers, "www-authenticate").is_some_and(|v| v.starts_with("Basic")));
    assert_eq!(body["errors"][0]["status"], "401");
    let log = server.stderr();
    assert!(!log.contains("any credentials"), "{log}");
    assert!(!log.contains("serve-secret-xyz"), "{log}");
}

#[test]
fn without_configured_credentials_any_are_accepted_with_a_warning() {
    let server = Server::start(&[]);
    assert!(
        server.stderr().contains("any credentials are accepted"),
        "{}",
        server.stderr()
    );
    let (status, _, _) = server.http_auth(
        "GET",
        &format!("{}/connections", base(ENV)),
        None,
        "Basic Zm9vOmJhcg==",
    );
    assert_eq!(status, 200);
}

#[test]
fn connection_lists_page_with_next_links() {
    let server = Server::start(&[]);
    for name in ["c1", "c2", "c3", "c4", "c5"] {
        let (status, headers, body) = server.http(
            "POST",
            &format!("{}/connections", base(ENV)),
            Some(&openai(name)),
        );
        assert_eq!(status, 201, "{body}");
        assert!(header(&headers, "x-request-id").is_some());
        assert_eq!(body["name"], name);
        assert_eq!(body["spec"]["auth_data"]["data"], "<REDACTED>");
    }
    let mut path = format!("{}/connections?page_size=2", base(ENV));
    let mut pages = Vec::new();
    loop {
        let (status, _, body) = server.http("GET", &path, None);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["kind"], "ConnectionList");
        let names: Vec<String> = body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        pages.push(names);
        let next = body["metadata"]["next"].as_str().unwrap_or("");
        if next.is_empty() {
            break;
        }
        let prefix = server.url();
        assert!(next.starts_with(&prefix), "next is a full URL: {next}");
        assert!(next.contains("page_token="), "{next}");
        path = next[prefix.len()..].to_string();
        assert!(pages.len() < 10, "paging does not end");
    }
    assert_eq!(pages, [vec!["c1", "c2"], vec!["c3", "c4"], vec!["c5"]]);

    // Another environment is another store; the type filter is exact.
    let (_, _, body) = server.http("GET", &format!("{}/connections", base("env-other")), None);
    assert_eq!(body["data"], json!([]));
    let (_, _, body) = server.http(
        "GET",
        &format!("{}/connections?spec.connection_type=BEDROCK", base(ENV)),
        None,
    );
    assert_eq!(body["data"], json!([]));
    let (_, _, body) = server.http(
        "GET",
        &format!(
            "{}/connections?spec.connection_type=OPENAI&page_size=100",
            base(ENV)
        ),
        None,
    );
    assert_eq!(body["data"].as_array().unwrap().len(), 5);
    assert_eq!(body["metadata"]["next"], "");
}

#[test]
fn errors_are_failure_bodies() {
    let server = Server::start(&[]);
    let check = failure;
    let (s, h, b) = server.http("GET", "/nowhere", None);
    check(s, &h, &b, 404);
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/connections", base(ENV)),
        Some("{not json"),
    );
    check(s, &h, &b, 400);
    assert!(
        b["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not valid JSON")
    );
    let (s, h, b) = server.http("GET", &format!("{}/connections/nope", base(ENV)), None);
    check(s, &h, &b, 404);
    let (s, h, b) = server.http(
        "GET",
        &format!("{}/connections?page_size=101", base(ENV)),
        None,
    );
    check(s, &h, &b, 400);
    let (s, h, b) = server.http(
        "GET",
        &format!("{}/connections?page_token=forged", base(ENV)),
        None,
    );
    check(s, &h, &b, 400);
    let (s, h, b) = server.http("PATCH", &format!("{}/connections", base(ENV)), Some("{}"));
    check(s, &h, &b, 405);

    // Validation shares the CREATE CONNECTION rules and never echoes secrets.
    let bad = json!({"name": "c", "spec": {"connection_type": "OPENAI", "endpoint": "https://x",
        "auth_data": {"kind": "PlaintextProvider", "data": "{\"PASSWORD\":\"sk-leak\"}"}}});
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/connections", base(ENV)),
        Some(&bad.to_string()),
    );
    check(s, &h, &b, 400);
    assert!(!b.to_string().contains("sk-leak"), "{b}");
    let (s, _, _) = server.http(
        "POST",
        &format!("{}/connections", base(ENV)),
        Some(&openai("dup")),
    );
    assert_eq!(s, 201);
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/connections", base(ENV)),
        Some(&openai("dup")),
    );
    check(s, &h, &b, 409);
    let change = json!({"spec": {"connection_type": "OPENAI", "endpoint": "https://elsewhere"}});
    let (s, h, b) = server.http(
        "PUT",
        &format!("{}/connections/dup", base(ENV)),
        Some(&change.to_string()),
    );
    check(s, &h, &b, 400);
    let (s, _, _) = server.http("DELETE", &format!("{}/connections/dup", base(ENV)), None);
    assert_eq!(s, 200);
    let (s, h, b) = server.http("DELETE", &format!("{}/connections/dup", base(ENV)), None);
    check(s, &h, &b, 404);

    // Statements: names follow the contract's pattern, and a taken name is 409.
    let stmt =
        |name: &str| json!({"name": name, "spec": {"statement": "SELECT 1 AS one"}}).to_string();
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&stmt("Bad_Name")),
    );
    check(s, &h, &b, 400);
    let (s, _, b) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&stmt("s1")),
    );
    assert_eq!(s, 201, "{b}");
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&stmt("s1")),
    );
    check(s, &h, &b, 409);
    let (s, h, b) = server.http(
        "GET",
        &format!("{}/statements/none/results", base(ENV)),
        None,
    );
    check(s, &h, &b, 404);
}

#[test]
fn statements_run_and_report_phase_schema_and_rows() {
    let server = Server::start(&[]);
    let body = json!({"name": "q1", "spec": {
        "statement": "SELECT 1 AS one, 'x' AS two",
        "properties": {"sql.current-catalog": "default_catalog"}}});
    let (s, _, created) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&body.to_string()),
    );
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["name"], "q1");
    let deadline = Instant::now() + Duration::from_secs(10);
    let stmt = loop {
        let (_, _, stmt) = server.http("GET", &format!("{}/statements/q1", base(ENV)), None);
        if stmt["status"]["phase"] == "COMPLETED" || Instant::now() > deadline {
            break stmt;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
    let traits = &stmt["status"]["traits"];
    assert_eq!(traits["is_bounded"], true);
    assert_eq!(traits["sql_kind"], "SELECT");
    assert_eq!(
        traits["schema"]["columns"],
        json!([
            {"name": "one", "type": {"type": "INTEGER", "nullable": false}},
            {"name": "two", "type": {"type": "CHAR", "nullable": false, "length": 1}}
        ])
    );
    let (_, _, page) = server.http("GET", &format!("{}/statements/q1/results", base(ENV)), None);
    assert_eq!(
        page["results"]["data"],
        json!([{"op": 0, "row": ["1", "x"]}])
    );
    assert_eq!(page["metadata"]["next"], "");

    let failing = json!({"name": "q2", "spec": {"statement": "SELECT * FROM nowhere"}});
    server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&failing.to_string()),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let stmt = loop {
        let (_, _, stmt) = server.http("GET", &format!("{}/statements/q2", base(ENV)), None);
        if stmt["status"]["phase"] == "FAILED" || Instant::now() > deadline {
            break stmt;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(stmt["status"]["phase"], "FAILED", "{stmt}");
    assert!(
        stmt["status"]["detail"]
            .as_str()
            .unwrap()
            .contains("Object 'nowhere' not found")
    );

    let (_, _, list) = server.http(
        "GET",
        &format!("{}/statements?page_size=1", base(ENV)),
        None,
    );
    assert_eq!(list["kind"], "StatementList");
    assert_eq!(list["data"][0]["name"], "q1");
    assert!(
        list["metadata"]["next"]
            .as_str()
            .unwrap()
            .contains("page_token=")
    );
    let (s, _, _) = server.http("DELETE", &format!("{}/statements/q1", base(ENV)), None);
    assert_eq!(s, 202);
    let (s, _, _) = server.http("GET", &format!("{}/statements/q1", base(ENV)), None);
    assert_eq!(s, 404);
}

#[test]
fn only_loopback_unless_allowed() {
    let shell = Shell::new();
    let out = Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .args(["serve", "--listen", "0.0.0.0:0", "--state-dir"])
        .arg(shell.state_dir())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-remote"), "{}", stderr(&out));
    let out = Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("no TLS"), "{}", stdout(&out));
}

#[test]
fn deleting_a_running_statement_stops_it() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(
        &shell,
        &["-e", "CREATE TABLE big (x BIGINT)", "-e", SEQUENCE_TABLE],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Runs for hours and holds the state file's write lock while it does.
    let long =
        json!({"name": "long", "spec": {"statement": ENDLESS_INSERT.replace("{table}", "big")}});
    let (s, _, b) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&long.to_string()),
    );
    assert_eq!(s, 201, "{b}");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, stmt) = server.http("GET", &format!("{}/statements/long", base(ENV)), None);
        assert_ne!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
        assert_ne!(stmt["status"]["phase"], "FAILED", "{stmt}");
        if stmt["status"]["phase"] == "RUNNING" || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let (_, _, stmt) = server.http("GET", &format!("{}/statements/long", base(ENV)), None);
    assert!(
        matches!(
            stmt["status"]["phase"].as_str(),
            Some("PENDING" | "RUNNING")
        ),
        "still writing when deleted: {stmt}"
    );
    let (s, _, _) = server.http("DELETE", &format!("{}/statements/long", base(ENV)), None);
    assert_eq!(s, 202);
    // Stopped and rolled back: the next write gets the lock, and the table is empty.
    let out = server.sql(
        &shell,
        &[
            "-o",
            "csv",
            "-e",
            "INSERT INTO big VALUES (7)",
            "-e",
            "SELECT count(*) AS n FROM big",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "n\n1\n");
}

/// 100,000 rows, 1 to 100,000, made when the table is created.
const SEQUENCE_TABLE: &str = "CREATE TABLE seq (n BIGINT) WITH ('connector' = 'datagen', \
     'number-of-rows' = '100000', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', \
     'fields.n.end' = '100000')";

/// Ten billion rows into `{table}` from `seq` crossed with itself: stopped long before
/// it ends.
const ENDLESS_INSERT: &str = "INSERT INTO {table} SELECT a.n FROM seq AS a CROSS JOIN seq AS b";

/// A POST of a statement with these extra header lines (and the Host given).
fn post_statement(host: &str, extra: &str, body: &str) -> String {
    format!(
        "POST {}/statements HTTP/1.1\r\nHost: {host}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        base(ENV),
        body.len()
    )
}

#[test]
fn bodies_a_web_page_can_send_without_preflight_are_refused() {
    let server = Server::start(&[]);
    let stmt = |name: &str| {
        json!({"name": name, "spec": {"statement": "CREATE TABLE planted (x INT)"}}).to_string()
    };
    for (name, extra) in [
        ("plain", "Content-Type: text/plain\r\n"),
        ("plain2", "Content-Type: text/plain;charset=UTF-8\r\n"),
        (
            "form",
            "Content-Type: application/x-www-form-urlencoded\r\n",
        ),
        ("multi", "Content-Type: multipart/form-data; boundary=x\r\n"),
        ("none", ""),
    ] {
        let (s, h, b) = server.raw(&post_statement(&server.addr, extra, &stmt(name)));
        failure(s, &h, &b, 415);
        let (s, _, _) = server.http("GET", &format!("{}/statements/{name}", base(ENV)), None);
        assert_eq!(s, 404, "{name} was not created");
    }
    // A JSON Patch body is for PATCH only.
    let (s, h, b) = server.raw(&post_statement(
        &server.addr,
        "Content-Type: application/json-patch+json\r\n",
        &stmt("patchy"),
    ));
    failure(s, &h, &b, 415);
    // JSON with parameters is JSON.
    let (s, _, b) = server.raw(&post_statement(
        &server.addr,
        "Content-Type: Application/JSON; charset=utf-8\r\n",
        &stmt("ok"),
    ));
    assert_eq!(s, 201, "{b}");
    // Nothing planted by the refused requests: the one accepted statement creates the
    // table once, so it exists now.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, _, st) = server.http("GET", &format!("{}/statements/ok", base(ENV)), None);
        if st["status"]["phase"] == "COMPLETED" {
            break;
        }
        assert!(Instant::now() < deadline, "{st}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn on_loopback_only_requests_naming_this_machine_are_served() {
    let server = Server::start(&[]);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let get = |host: &str| {
        server.raw(&format!(
            "GET {}/statements HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
            base(ENV)
        ))
    };
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".to_string(),
        "127.0.0.1".to_string(),
    ] {
        let (s, _, b) = get(&host);
        assert_eq!(s, 200, "{host}: {b}");
    }
    for host in [
        format!("evil.example:{port}"),
        "attacker.test".to_string(),
        format!("localhost.evil.example:{port}"),
    ] {
        let (s, h, b) = get(&host);
        failure(s, &h, &b, 400);
        let detail = b["errors"][0]["detail"].as_str().unwrap();
        assert!(detail.contains("Host"), "{detail}");
        assert!(!b.to_string().contains("next"), "nothing echoed: {b}");
    }
    let (s, h, b) = server.raw(&format!("GET {}/statements HTTP/1.0\r\n\r\n", base(ENV)));
    failure(s, &h, &b, 400);
}

#[test]
fn allow_remote_needs_credentials_and_then_serves_any_host() {
    let shell = Shell::new();
    let out = Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .args([
            "serve",
            "--allow-remote",
            "--listen",
            "127.0.0.1:0",
            "--state-dir",
        ])
        .arg(shell.state_dir())
        .env_remove("FLINKSH_SERVE_API_KEY")
        .env_remove("FLINKSH_SERVE_API_SECRET")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("FLINKSH_SERVE_API_KEY"), "{err}");
    assert!(err.contains("--allow-remote"), "{err}");

    let server = Server::start_with(
        &["--allow-remote"],
        &[
            ("FLINKSH_SERVE_API_KEY", "k"),
            ("FLINKSH_SERVE_API_SECRET", "s"),
        ],
    );
    let (s, _, b) = server.raw(&format!(
        "GET {}/statements HTTP/1.1\r\nHost: flink.example.com\r\nAuthorization: Basic azpz\r\nConnection: close\r\n\r\n",
        base(ENV)
    ));
    assert_eq!(s, 200, "{b}");
    let (s, h, b) = server.raw(&format!(
        "GET {}/statements HTTP/1.1\r\nHost: flink.example.com\r\nConnection: close\r\n\r\n",
        base(ENV)
    ));
    failure(s, &h, &b, 401);
}

#[test]
fn oversized_requests_get_failure_bodies() {
    let server = Server::start(&[]);
    let big = format!("{{\"name\":\"big\",\"pad\":\"{}\"}}", "x".repeat(2 << 20));
    let (s, h, b) = server.raw(&post_statement(
        &server.addr,
        "Content-Type: application/json\r\n",
        &big,
    ));
    failure(s, &h, &b, 413);
    let long = format!("{}/statements/{}", base(ENV), "a".repeat(10_000));
    let (s, h, b) = server.http("GET", &long, None);
    failure(s, &h, &b, 414);
}

#[test]
fn slow_and_silent_clients_are_timed_out_and_connections_are_capped() {
    let server = Server::start(&[]);
    let started = Instant::now();
    // A body that never arrives whole: 408 once the body timeout passes.
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        slow,
        "POST {}/statements HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"na",
        base(ENV),
        server.addr
    )
    .unwrap();
    // Every connection slot taken by clients that never send a request.
    let silent: Vec<TcpStream> = (0..256)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut waiting = TcpStream::connect(&server.addr).unwrap();
    waiting
        .set_read_timeout(Some(Duration::from_millis(1500)))
        .unwrap();
    write!(
        waiting,
        "GET {}/statements HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        base(ENV),
        server.addr
    )
    .unwrap();
    let mut buf = [0u8; 64];
    assert!(
        waiting.read(&mut buf).is_err(),
        "a request beyond the cap waits for a free slot"
    );
    // The silent ones are closed after the header timeout, which frees the slots.
    waiting
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = String::new();
    waiting.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(25), "{waited:?}");
    // One of them waited in the backlog behind the slow client, so it may take one
    // more timeout.
    for mut s in silent {
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut rest = Vec::new();
        assert!(
            s.read_to_end(&mut rest).is_ok(),
            "a silent connection is closed by the server"
        );
    }
    let mut answer = String::new();
    slow.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body = answer.split_once("\r\n\r\n").unwrap().1;
    let body: Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["errors"][0]["status"], "408", "{body}");
}

/// Confluent's own Python driver, unmodified, through every scenario of
/// tests/python/test_serve_driver.py. CI sets FLINKSH_TEST_PYTHON to an interpreter
/// with `confluent-sql` 0.7.0 installed, and then the suite must run; elsewhere it
/// runs when `python3` has the driver, and is skipped with a note when not.
#[test]
fn confluent_driver_runs_every_scenario() {
    let required = std::env::var("FLINKSH_TEST_PYTHON").ok();
    let python = required.clone().unwrap_or_else(|| "python3".to_string());
    let probe = Command::new(&python)
        .args(["-c", "import confluent_sql"])
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        let why = match &probe {
            Ok(o) => String::from_utf8_lossy(&o.stderr).trim().to_string(),
            Err(e) => e.to_string(),
        };
        assert!(
            required.is_none(),
            "FLINKSH_TEST_PYTHON={python} cannot import confluent_sql: {why}"
        );
        eprintln!(
            "skipped: {python} has no confluent_sql ({why}); pip install confluent-sql==0.7.0 or set FLINKSH_TEST_PYTHON"
        );
        return;
    }
    let server = Server::start(&[]);
    let out = Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/python/test_serve_driver.py"
        ))
        .arg("-v")
        .env("FLINKSH_SERVE_URL", server.url())
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run the driver suite");
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the driver suite failed:\n{report}\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stdout),
        server.stderr()
    );
    assert!(report.contains("\nOK"), "{report}");
}

/// Polls a statement until `done` accepts it (or 20 s pass); returns every phase seen
/// with whether traits came with it, and the last statement.
fn watch(
    server: &Server,
    name: &str,
    done: impl Fn(&Value) -> bool,
) -> (Vec<(String, bool)>, Value) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let (s, _, stmt) = server.http("GET", &format!("{}/statements/{name}", base(ENV)), None);
        assert_eq!(s, 200, "{stmt}");
        let phase = stmt["status"]["phase"].as_str().unwrap_or("").to_string();
        let has_traits = stmt["status"].get("traits").is_some();
        if seen.last() != Some(&(phase.clone(), has_traits)) {
            seen.push((phase, has_traits));
        }
        if done(&stmt) || Instant::now() > deadline {
            return (seen, stmt);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn create(server: &Server, body: Value) -> (u16, Vec<(String, String)>, Value) {
    server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&body.to_string()),
    )
}

#[test]
fn statements_follow_the_documented_life_cycle() {
    let server = Server::start(&[]);
    let finished = |s: &Value| {
        matches!(
            s["status"]["phase"].as_str(),
            Some("COMPLETED" | "FAILED" | "STOPPED")
        )
    };
    // 201 with a Location, labels kept.
    let (s, h, b) = create(
        &server,
        json!({"name": "ddl", "metadata": {"labels": {"user.confluent.io/team": "true"}},
               "spec": {"statement": "CREATE TABLE lc (x BIGINT)", "compute_pool_id": "lfcp-9",
                        "properties": {"sql.current-catalog": ENV}}}),
    );
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["status"]["phase"], "PENDING");
    assert!(b["status"].get("traits").is_none(), "{b}");
    assert_eq!(
        header(&h, "location"),
        Some(format!("{}{}/statements/ddl", server.url(), base(ENV)).as_str())
    );
    assert_eq!(
        b["metadata"]["labels"],
        json!({"user.confluent.io/team": "true"})
    );
    // No RUNNING without traits; DDL has no schema, and its effect is there once
    // COMPLETED is reported.
    let (seen, stmt) = watch(&server, "ddl", finished);
    assert!(!seen.contains(&("RUNNING".to_string(), false)), "{seen:?}");
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
    assert_eq!(stmt["status"]["traits"]["sql_kind"], "CREATE_TABLE");
    assert_eq!(stmt["status"]["traits"]["is_append_only"], true);
    assert!(stmt["status"]["traits"].get("schema").is_none(), "{stmt}");
    let (s, _, b) = create(
        &server,
        json!({"name": "ins", "spec": {"statement": "INSERT INTO lc VALUES (1)"}}),
    );
    assert_eq!(s, 201, "{b}");
    let (_, stmt) = watch(&server, "ins", finished);
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");

    // The rows of the statements below; labelled so that the filters further down
    // leave it out.
    let (s, _, b) = create(
        &server,
        json!({"name": "src", "metadata": {"labels": {"user.confluent.io/team": "source"}},
               "spec": {"statement": SEQUENCE_TABLE}}),
    );
    assert_eq!(s, 201, "{b}");
    let (_, stmt) = watch(&server, "src", finished);
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");

    // A query is RUNNING only with its schema.
    let (_, _, b) = create(
        &server,
        json!({"name": "q", "spec": {"statement": "SELECT n AS x FROM seq"}}),
    );
    assert_eq!(b["status"]["phase"], "PENDING", "{b}");
    let (seen, stmt) = watch(&server, "q", finished);
    for (phase, traits) in &seen {
        assert_eq!(*traits, phase != "PENDING", "{seen:?}");
    }
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
    assert_eq!(
        stmt["status"]["traits"]["schema"]["columns"][0]["name"],
        "x"
    );

    // A dry run answers at once with a final phase, creates nothing and is not kept.
    let (s, h, b) = create(
        &server,
        json!({"name": "dry", "spec": {"statement": "CREATE TABLE planted (x INT)",
               "properties": {"sql.dry-run": "true"}}}),
    );
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["status"]["phase"], "COMPLETED", "{b}");
    assert!(header(&h, "location").is_none());
    let (s, _, _) = server.http("GET", &format!("{}/statements/dry", base(ENV)), None);
    assert_eq!(s, 404);
    let (_, _, b) = create(
        &server,
        json!({"name": "dry2", "spec": {"statement": "SELECT * FROM planted",
               "properties": {"sql.dry-run": "true"}}}),
    );
    assert_eq!(b["status"]["phase"], "FAILED", "{b}");
    assert!(
        b["status"]["detail"]
            .as_str()
            .unwrap()
            .contains("Object 'planted' not found"),
        "{b}"
    );

    // Filters: labels, compute pool, name; unknown ones are refused by name.
    let list = |query: &str| {
        let (s, h, b) = server.http("GET", &format!("{}/statements?{query}", base(ENV)), None);
        let names: Vec<String> = b["data"]
            .as_array()
            .map(|d| {
                d.iter()
                    .map(|s| s["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        (s, h, b, names)
    };
    assert_eq!(
        list("label_selector=user.confluent.io/team%3Dtrue").3,
        ["ddl"]
    );
    assert_eq!(
        list("label_selector=!user.confluent.io/team").3,
        ["ins", "q"]
    );
    assert_eq!(list("spec.compute_pool_id=lfcp-9").3, ["ddl"]);
    assert_eq!(
        list("statement_name_search_query=n&time_ordered=true").3,
        ["ins"]
    );
    let (s, h, b, _) = list("label_selector=team%20in%20(a,b)");
    failure(s, &h, &b, 400);
    assert!(
        b["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("label_selector"),
        "{b}"
    );
    let (s, h, b, _) = list("spec.principal=sa-1");
    failure(s, &h, &b, 400);
    assert!(
        b["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("spec.principal"),
        "{b}"
    );

    // Stop by PUT (spec.stopped) and by PATCH; a JSON Patch as text/plain is refused.
    let (s, _, long) = create(
        &server,
        json!({"name": "long", "spec": {"statement": ENDLESS_INSERT.replace("{table}", "lc")}}),
    );
    assert_eq!(s, 201, "{long}");
    let mut put = long.clone();
    put["spec"]["stopped"] = json!(true);
    let (s, _, b) = server.http(
        "PUT",
        &format!("{}/statements/long", base(ENV)),
        Some(&put.to_string()),
    );
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["spec"]["stopped"], true);
    let (_, stmt) = watch(&server, "long", finished);
    assert_eq!(stmt["status"]["phase"], "STOPPED", "{stmt}");
    put["spec"]["stopped"] = json!(false);
    let (s, h, b) = server.http(
        "PUT",
        &format!("{}/statements/long", base(ENV)),
        Some(&put.to_string()),
    );
    failure(s, &h, &b, 400);

    let (s, _, _) = create(
        &server,
        json!({"name": "long2", "spec": {"statement": ENDLESS_INSERT.replace("{table}", "lc")}}),
    );
    assert_eq!(s, 201);
    let patch = r#"[{"op":"replace","path":"/spec/stopped","value":true}]"#;
    let request = |content_type: &str| {
        format!(
            "PATCH {}/statements/long2 HTTP/1.1\r\nHost: {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{patch}",
            base(ENV),
            server.addr,
            patch.len()
        )
    };
    let (s, h, b) = server.raw(&request("text/plain"));
    failure(s, &h, &b, 415);
    let (s, _, b) = server.raw(&request("application/json-patch+json"));
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["spec"]["stopped"], true);
    let (_, stmt) = watch(&server, "long2", finished);
    assert_eq!(stmt["status"]["phase"], "STOPPED", "{stmt}");

    // Stopped statements were rolled back: only the one INSERT landed.
    let (_, _, b) = create(
        &server,
        json!({"name": "count", "spec": {"statement": "SELECT count(*) AS n FROM lc"}}),
    );
    assert_eq!(b["status"]["phase"], "PENDING");
    watch(&server, "count", finished);
    let (_, _, page) = server.http(
        "GET",
        &format!("{}/statements/count/results", base(ENV)),
        None,
    );
    assert_eq!(page["results"]["data"], json!([{"op": 0, "row": ["1"]}]));
}

#[test]
fn malformed_paths_get_failure_bodies_too() {
    let server = Server::start(&[]);
    let (s, h, b) = server.http(
        "GET",
        "/sql/v1/organizations/o/environments/%FF%FE/statements",
        None,
    );
    failure(s, &h, &b, 400);
}

#[test]
fn a_put_must_name_the_version_it_read_and_a_stale_one_is_409() {
    let server = Server::start(&[]);
    let item = format!("{}/connections/ver", base(ENV));
    let (s, _, created) = server.http(
        "POST",
        &format!("{}/connections", base(ENV)),
        Some(&openai("ver")),
    );
    assert_eq!(s, 201, "{created}");
    let (_, _, got) = server.http("GET", &item, None);
    let read = got["metadata"]["resource_version"].clone();
    assert!(read.as_str().is_some_and(|v| !v.is_empty()), "{got}");
    let put = |version: Option<&Value>, key: &str| {
        let mut body = json!({
            "name": "ver",
            "spec": {
                "connection_type": "OPENAI",
                "endpoint": "https://api.openai.com/v1/chat/completions",
                "auth_data": {"kind": "PlaintextProvider", "data": format!("{{\"API_KEY\":\"{key}\"}}")}
            }
        });
        if let Some(v) = version {
            body["metadata"] = json!({"resource_version": v});
        }
        server.http("PUT", &item, Some(&body.to_string()))
    };
    let (s, _, b) = put(None, "sk-a");
    assert_eq!(
        s, 400,
        "the contract requires metadata.resource_version: {b}"
    );
    let (s, _, b) = put(Some(&read), "sk-b");
    assert_eq!(s, 200, "{b}");
    let (_, _, now) = server.http("GET", &item, None);
    assert_ne!(
        now["metadata"]["resource_version"], read,
        "a change is a new version"
    );
    let (s, _, b) = put(Some(&read), "sk-c");
    assert_eq!(s, 409, "someone changed it since: {b}");
    assert_eq!(b["errors"][0]["status"], "409");
}

#[test]
fn the_statement_limit_counts_characters_as_the_contract_does() {
    let server = Server::start(&[]);
    // 131,072 characters, three times as many bytes: within the contract's maxLength.
    let text = format!("SELECT '{}'", "日".repeat(131_072 - 9));
    let body = json!({"name": "wide", "spec": {"statement": text}});
    let (s, _, created) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&body.to_string()),
    );
    assert_eq!(s, 201, "{created}");
    let body = json!({"name": "too-long", "spec": {"statement": format!("{text} ")}});
    let (s, h, b) = server.http(
        "POST",
        &format!("{}/statements", base(ENV)),
        Some(&body.to_string()),
    );
    failure(s, &h, &b, 400);
    assert!(
        b["errors"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("131072 characters")),
        "{b}"
    );
}

/// Reads one answer (head and as much body as its `Content-Length` says) from a
/// connection the client keeps open, so nothing waits for the server to close it.
fn read_answer(s: &mut TcpStream) -> (u16, Value) {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = s.read(&mut buf).expect("an answer in time");
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&raw));
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            continue;
        };
        let length: usize = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .expect("a Content-Length");
        if body.len() >= length {
            let status = head
                .split_whitespace()
                .nth(1)
                .and_then(|c| c.parse().ok())
                .expect("status line");
            return (status, serde_json::from_str(body).expect("a JSON body"));
        }
    }
}

#[test]
fn without_credentials_the_answer_is_401_before_any_body_is_read() {
    let server = Server::start(&[
        ("FLINKSH_SERVE_API_KEY", "serve-key"),
        ("FLINKSH_SERVE_API_SECRET", "serve-secret-xyz"),
    ]);
    for authorization in ["", "Authorization: Basic azpz\r\n"] {
        let started = Instant::now();
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        // Announces most of the largest body read, and never sends it.
        write!(
            s,
            "POST {}/statements HTTP/1.1\r\nHost: {}\r\n{authorization}Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n",
            base(ENV),
            server.addr
        )
        .unwrap();
        let (status, body) = read_answer(&mut s);
        let waited = started.elapsed();
        assert_eq!(status, 401, "{body}");
        assert_eq!(body["errors"][0]["status"], "401", "{body}");
        assert_eq!(body["errors"][0]["code"], "user_unauthenticated", "{body}");
        // The body timeout is 10 s: an answer after it would mean the server waited for
        // the body first.
        assert!(
            waited < Duration::from_secs(5),
            "{authorization:?}: {waited:?}"
        );
    }
    // With the credentials the body is read as before: one that never comes is 408.
    let started = Instant::now();
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST {}/statements HTTP/1.1\r\nHost: {}\r\nAuthorization: Basic {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"na",
        base(ENV),
        server.addr,
        flinksh::util::base64(b"serve-key:serve-secret-xyz")
    )
    .unwrap();
    let (status, body) = read_answer(&mut s);
    assert_eq!(status, 408, "{body}");
    assert!(started.elapsed() >= Duration::from_secs(9), "{body}");
}

#[test]
fn a_client_that_does_not_read_its_answer_is_disconnected() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(
        &shell,
        &[
            "-e",
            "CREATE TABLE rows1000 (n BIGINT) WITH ('connector' = 'datagen', \
             'number-of-rows' = '1000', 'fields.n.kind' = 'sequence', \
             'fields.n.start' = '1', 'fields.n.end' = '1000')",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // One page of 1,000 rows of 20,000 characters: 20 MB, far more than the sockets'
    // buffers hold.
    let (s, _, b) = create(
        &server,
        json!({"name": "wide", "spec": {"statement": "SELECT REPEAT('x', 20000) AS s FROM rows1000"}}),
    );
    assert_eq!(s, 201, "{b}");
    let (_, stmt) = watch(&server, "wide", |s| {
        s["status"]["phase"] != "PENDING" && s["status"]["phase"] != "RUNNING"
    });
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
    let request = format!(
        "GET {}/statements/wide/results HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        base(ENV),
        server.addr
    );
    let fetch = |pause: Duration| {
        let mut s = TcpStream::connect(&server.addr).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        std::thread::sleep(pause);
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut raw = Vec::new();
        let mut buf = vec![0u8; 1 << 16];
        // The server may reset the connection instead of closing it: either ends it.
        while let Ok(n @ 1..) = s.read(&mut buf) {
            raw.extend_from_slice(&buf[..n]);
        }
        let head_end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("the answer's head");
        let head = String::from_utf8_lossy(&raw[..head_end]).to_string();
        let length: usize = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.trim().parse().ok())
            .expect("a Content-Length");
        (head, length, raw.len() - head_end - 4)
    };
    // Read at once, the page arrives whole.
    let (head, length, got) = fetch(Duration::ZERO);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(length > 20_000_000, "{length}");
    assert_eq!(got, length);
    // Not read for longer than the write timeout (10 s): the server gave up on it, and
    // what was left in the buffers is all that arrives.
    let (head, length, got) = fetch(Duration::from_secs(13));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(got < length, "{got} of {length} bytes");
    // And it still serves.
    let (s, _, b) = server.http("GET", &format!("{}/statements/wide", base(ENV)), None);
    assert_eq!(s, 200, "{b}");
}

#[test]
fn a_write_is_running_while_it_writes_and_completed_once_written() {
    let server = Server::start(&[]);
    let shell = Shell::new();
    let out = server.sql(
        &shell,
        &[
            "-e",
            SEQUENCE_TABLE,
            "-e",
            "CREATE TABLE hundred (n BIGINT)",
            "-e",
            "INSERT INTO hundred SELECT n FROM seq WHERE n <= 100",
            "-e",
            "CREATE TABLE sink (n BIGINT)",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Ten million rows: seconds of writing.
    let (s, _, b) = create(
        &server,
        json!({"name": "fill", "spec": {"statement":
            "INSERT INTO sink SELECT a.n FROM seq AS a CROSS JOIN hundred AS b"}}),
    );
    assert_eq!(s, 201, "{b}");
    assert_eq!(b["status"]["phase"], "PENDING", "{b}");
    assert!(b["status"].get("traits").is_none(), "{b}");
    let (seen, stmt) = watch(&server, "fill", |s| {
        matches!(
            s["status"]["phase"].as_str(),
            Some("COMPLETED" | "FAILED" | "STOPPED")
        )
    });
    assert_eq!(stmt["status"]["phase"], "COMPLETED", "{stmt}");
    let phases: Vec<(&str, bool)> = seen.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    assert_eq!(
        phases,
        [("PENDING", false), ("RUNNING", true), ("COMPLETED", true)],
        "PENDING, RUNNING with traits, COMPLETED"
    );
    let traits = &stmt["status"]["traits"];
    assert_eq!(traits["sql_kind"], "INSERT_INTO", "{stmt}");
    assert!(traits.get("schema").is_none(), "{stmt}");
    // Its whole effect is there once COMPLETED is reported.
    let (_, _, b) = create(
        &server,
        json!({"name": "count", "spec": {"statement": "SELECT count(*) AS n FROM sink"}}),
    );
    assert_eq!(b["status"]["phase"], "PENDING", "{b}");
    watch(&server, "count", |s| s["status"]["phase"] == "COMPLETED");
    let (_, _, page) = server.http(
        "GET",
        &format!("{}/statements/count/results", base(ENV)),
        None,
    );
    assert_eq!(
        page["results"]["data"],
        json!([{"op": 0, "row": ["10000000"]}])
    );

    // A write that does not end is RUNNING until stopped; its traits while RUNNING.
    let (s, _, b) = create(
        &server,
        json!({"name": "endless", "spec": {"statement": ENDLESS_INSERT.replace("{table}", "sink")}}),
    );
    assert_eq!(s, 201, "{b}");
    let (_, stmt) = watch(&server, "endless", |s| s["status"]["phase"] != "PENDING");
    assert_eq!(stmt["status"]["phase"], "RUNNING", "{stmt}");
    assert_eq!(
        stmt["status"]["traits"]["sql_kind"], "INSERT_INTO",
        "{stmt}"
    );
    assert_eq!(stmt["status"]["traits"]["is_bounded"], true, "{stmt}");
    assert!(stmt["status"].get("end_time").is_none(), "{stmt}");
    let patch = r#"[{"op":"replace","path":"/spec/stopped","value":true}]"#;
    let (s, _, b) = server.raw(&format!(
        "PATCH {}/statements/endless HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json-patch+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{patch}",
        base(ENV),
        server.addr,
        patch.len()
    ));
    assert_eq!(s, 200, "{b}");
    let (_, stmt) = watch(&server, "endless", |s| s["status"]["phase"] != "RUNNING");
    assert_eq!(stmt["status"]["phase"], "STOPPED", "{stmt}");
}
