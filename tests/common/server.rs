//! Starting `ess-protection serve` from a test, on a free loopback port,
//! and talking HTTP/1.1 to it over plain sockets.
#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ess_protection::signature::v1::{HttpMethod, Signer};
use ess_protection::signature::v3;
use ess_protection::{HttpRequest, Timestamp};

/// The key every test server knows.
pub const KEY_ID: &str = "testid";
pub const SECRET: &str = "testsecret";

/// A sample state: an active group with five instances, an inactive one.
pub const STATE: &str = include_str!("../../examples/emulator/state.json");

/// A fresh folder under the target directory.
pub fn folder(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "serve-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary under test: `ESS_PROTECTION_BIN` when set (to run the tests
/// against another build, such as an older one), else this crate's.
pub fn binary() -> PathBuf {
    std::env::var_os("ESS_PROTECTION_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_ess-protection")), PathBuf::from)
}

/// What the server's standard error is.
pub enum Stderr {
    /// A pipe read into [`Server::stderr`].
    Read,
    /// A pipe whose reader is gone once the server listens.
    Closed,
    /// A pipe nobody reads (it fills up).
    Unread,
    /// A file (`/dev/full`, …).
    File(std::fs::File),
}

pub struct Server {
    pub child: Child,
    /// The end of an unread standard error, kept open.
    pub unread: Option<std::process::ChildStderr>,
    /// Standard output after the `listening on` line.
    pub stdout: BufReader<std::process::ChildStdout>,
    pub port: u16,
    pub state_file: PathBuf,
    pub stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts the server on `state_file` with extra arguments, and waits
    /// for its `listening on` line.
    pub fn start_on(state_file: &Path, args: &[&str]) -> Server {
        Server::start_with(state_file, args, Stderr::Read)
    }

    /// Starts the server with its standard error as `stderr` says.
    pub fn start_with(state_file: &Path, args: &[&str], stderr: Stderr) -> Server {
        Server::spawn(Command::new(binary()), state_file, args, stderr)
    }

    /// Starts the server by `command` (the binary, or a shell that runs it).
    pub fn spawn(mut command: Command, state_file: &Path, args: &[&str], mode: Stderr) -> Server {
        let mut child = command
            .arg("serve")
            .arg("--state")
            .arg(state_file)
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(match &mode {
                Stderr::File(file) => Stdio::from(file.try_clone().unwrap()),
                _ => Stdio::piped(),
            })
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut unread = None;
        if let Some(pipe) = child.stderr.take() {
            match &mode {
                Stderr::Read => {
                    let mut err = BufReader::new(pipe);
                    let sink = Arc::clone(&stderr);
                    std::thread::spawn(move || {
                        let mut line = String::new();
                        while err.read_line(&mut line).is_ok_and(|n| n > 0) {
                            sink.lock().unwrap().push_str(&line);
                            line.clear();
                        }
                    });
                }
                _ => unread = Some(pipe),
            }
        }
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        let port = line
            .strip_prefix("listening on http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('\n'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("not a listening line: {line:?}; stderr {:?}", stderr));
        if matches!(mode, Stderr::Closed) {
            unread = None; // the reader goes away
        }
        Server { child, unread, stdout: out, port, state_file: state_file.to_path_buf(), stderr }
    }

    /// Starts the server on a new copy of `state`, checking signatures
    /// with the test key.
    pub fn start(name: &str, state: &str) -> Server {
        let file = folder(name).join("state.json");
        std::fs::write(&file, state).unwrap();
        Server::start_on(&file, &["--access-key", &format!("{KEY_ID}:{SECRET}")])
    }

    /// Sends raw bytes on a new connection and reads the answer to its end.
    pub fn send(&self, raw: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream.write_all(raw).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        Answer::parse(&bytes)
    }

    /// A request with `Connection: close`.
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        self.send(&raw_request(method, target, headers, body))
    }

    /// GET /_emulator/state.
    pub fn state(&self) -> serde_json::Value {
        let answer = self.request("GET", "/_emulator/state", &[], b"");
        assert_eq!(answer.status, 200, "{}", answer.body);
        serde_json::from_str(&answer.body).unwrap()
    }

    /// The state of one instance, or None when it is gone.
    pub fn instance_state(&self, id: &str) -> Option<String> {
        instance_state(&self.state(), id)
    }

    pub fn terminate(&mut self) -> i32 {
        Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status().unwrap();
        self.child.wait().unwrap().code().unwrap_or(-1)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn instance_state(state: &serde_json::Value, id: &str) -> Option<String> {
    state["ScalingGroups"].as_array().unwrap().iter().find_map(|g| {
        g["Instances"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["InstanceId"] == id)
            .map(|i| i["LifecycleState"].as_str().unwrap().to_owned())
    })
}

pub fn raw_request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut raw = format!("{method} {target} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    raw
}

/// An HTTP answer: status, headers (names lower case) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn parse(bytes: &[u8]) -> Answer {
        let text = String::from_utf8_lossy(bytes);
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            return Answer { status: 0, headers: Vec::new(), body: text.into_owned() };
        };
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Answer { status, headers, body: body.to_owned() }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The JSON body's `Code`, or "" for a success.
    pub fn code(&self) -> String {
        let json: serde_json::Value = serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body));
        json["Code"].as_str().unwrap_or("").to_owned()
    }
}

/// This machine's clock.
pub fn now() -> Timestamp {
    let s = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    Timestamp::from_unix_seconds(s as i64).unwrap()
}

/// A unique nonce per call in this process.
pub fn nonce() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!("nonce-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed))
}

/// A SetInstancesProtection query (2014-08-28), unsigned.
pub fn query(group: &str, ids: &[&str], protect: bool) -> String {
    let mut q = format!("Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId={group}");
    for (i, id) in ids.iter().enumerate() {
        q.push_str(&format!("&InstanceId.{}={id}", i + 1));
    }
    q.push_str(if protect { "&ProtectedFromScaleIn=true" } else { "&ProtectedFromScaleIn=false" });
    q
}

/// Signs a query with signature 1.0 (GET), with a nonce and time.
pub fn sign_v1(query: &str, secret: &str, nonce: &str, time: Timestamp) -> String {
    sign_v1_as(KEY_ID, query, secret, nonce, time)
}

/// Signs a query with signature 1.0 (GET) as the key `key_id`.
pub fn sign_v1_as(key_id: &str, query: &str, secret: &str, nonce: &str, time: Timestamp) -> String {
    let mut params = ess_protection::parse_pairs(query).unwrap();
    params.extend([
        ("AccessKeyId".to_owned(), key_id.to_owned()),
        ("SignatureMethod".to_owned(), "HMAC-SHA1".to_owned()),
        ("SignatureVersion".to_owned(), "1.0".to_owned()),
        ("SignatureNonce".to_owned(), nonce.to_owned()),
        ("Timestamp".to_owned(), time.to_string()),
    ]);
    Signer::new(secret).sign_params(HttpMethod::Get, &mut params)
}

/// A GET request signed with 1.0 now, with a fresh nonce.
pub fn signed_get(query: &str) -> Vec<u8> {
    let signed = sign_v1(query, SECRET, &nonce(), now());
    raw_request("GET", &format!("/?{signed}"), &[], b"")
}

/// A POST request of `query` (in the query string) signed with V3 at `time`.
pub fn signed_v3(query: &str, secret: &str, nonce: &str, time: Timestamp) -> Vec<u8> {
    signed_v3_of("SetInstancesProtection", "2014-08-28", query, secret, nonce, time)
}

/// A POST request of an operation, its parameters in the query string,
/// signed with V3 at `time` (as the 2022 SDK sends it).
pub fn signed_v3_of(
    action: &str,
    version: &str,
    query: &str,
    secret: &str,
    nonce: &str,
    time: Timestamp,
) -> Vec<u8> {
    let target = format!("/?{query}");
    let http = HttpRequest::new("POST", &target)
        .header("host", "127.0.0.1")
        .header("x-acs-action", action)
        .header("x-acs-version", version);
    let headers = v3::sign(&http, KEY_ID, secret, nonce, time);
    let mut all: Vec<(&str, &str)> = vec![("x-acs-action", action), ("x-acs-version", version)];
    all.extend(headers.iter());
    raw_request("POST", &target, &all, b"")
}

/// A keep-alive connection: requests one after another, answers read by
/// their `content-length`.
pub struct Conn {
    stream: std::io::BufReader<TcpStream>,
}

impl Conn {
    pub fn open(port: u16) -> std::io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn { stream: std::io::BufReader::new(stream) })
    }

    /// Sends a request (without `connection: close`) and reads its answer.
    pub fn call(&mut self, method: &str, target: &str, body: &[u8]) -> std::io::Result<Answer> {
        let mut raw = format!(
            "{method} {target} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(body);
        self.stream.get_mut().write_all(&raw)?;
        let mut head = String::new();
        loop {
            let mut line = String::new();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            if line == "\r\n" {
                break;
            }
            head.push_str(&line);
        }
        let answer = Answer::parse(format!("{head}\r\n").as_bytes());
        let length: usize =
            answer.header("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok(Answer { body: String::from_utf8_lossy(&body).into_owned(), ..answer })
    }
}

/// The server's resident memory, in KiB (Linux).
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}
