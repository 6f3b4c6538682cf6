//! The fake's HTTP/1.1, by hand: a request read off the socket, the answer written as the
//! step says (stalled, dripped, dropped), every request recorded on arrival.

use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::script::render_body;
use super::{Config, Record, State, answer};

pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.split(' ');
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let total = head_end + 4 + length;
    while buf.len() < total {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[head_end + 4..total].to_vec();
    buf.drain(..total);
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}

pub(crate) async fn serve_connection(
    mut stream: TcpStream,
    cfg: Arc<Config>,
    st: Arc<Mutex<State>>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut stream, &mut buf).await {
        let arrived = Instant::now();
        let (step, job, note) = answer(&req, &cfg, &st);
        // Recorded on arrival, before any stall: a test may wait for a request to have
        // been seen while its answer is still held back.
        st.lock().unwrap().records.push(Record {
            at: arrived,
            method: req.method.clone(),
            path: req.path.clone(),
            job: job.clone(),
            headers: req.headers.clone(),
            code: if step.drop { 0 } else { step.code },
            note: note.clone(),
        });
        if !step.delay.is_zero() {
            tokio::time::sleep(step.delay).await;
        }
        if step.drop {
            let _ = stream.shutdown().await;
            return Ok(());
        }
        let body = render_body(&step.body, job.as_deref().unwrap_or(""), &cfg, &st);
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nDate: {}\r\n",
            step.code,
            reason(step.code),
            body.len(),
            httpdate::fmt_http_date(SystemTime::now())
        );
        if !step
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        {
            head.push_str("Content-Type: application/json;charset=UTF-8\r\n");
        }
        for (n, v) in &step.headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).await?;
        if step.drip.is_zero() {
            stream.write_all(&body).await?;
        } else {
            let pieces = 20;
            for piece in body.chunks(body.len() / pieces + 1) {
                stream.write_all(piece).await?;
                stream.flush().await?;
                tokio::time::sleep(step.drip / pieces as u32).await;
            }
        }
        stream.flush().await?;
    }
    Ok(())
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
