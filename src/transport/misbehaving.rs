//! Servers that answer, but badly: each failure must say how far the answer got, so no
//! one is told "nothing answered" about a server that did (issue 19). Small loopback
//! servers, each misbehaving in one way.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use super::*;

/// A server that answers every request with `answer`, then keeps the connection open
/// (`close: false`) or closes it. Its address, as a URL.
async fn server(answer: Vec<u8>, close: bool) -> String {
    serve(answer, close, false).await
}

/// As [`server`]; with `first`, `answer` is sent on connecting, before any request, as
/// SSH and SMTP servers greet.
async fn serve(answer: Vec<u8>, close: bool, first: bool) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1/p/jobs/j", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let answer = answer.clone();
            tokio::spawn(async move {
                if first {
                    let _ = stream.write_all(&answer).await;
                }
                // The request's head (a GET has no body), then the answer.
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                if !first {
                    let _ = stream.write_all(&answer).await;
                }
                if !close {
                    // Held open, saying nothing more, until the client gives up.
                    let _ = stream.read(&mut chunk).await;
                }
            });
        }
    });
    url
}

async fn ask(url: &str, timeout: Duration) -> Problem {
    let http = client(&Proxies::default()).unwrap();
    match send(http.get(url), timeout).await {
        Ok(r) => panic!(
            "an answer: {} {:?}",
            r.status,
            String::from_utf8_lossy(&r.body)
        ),
        Err(problem) => problem,
    }
}

#[tokio::test]
async fn a_body_that_never_ends_is_an_answer_that_did_not_end() {
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"status\":".to_vec();
    // The one timer here is the limit under test; the head follows the request at once,
    // so only a machine stalled for the whole 3 s could read it late.
    let p = ask(&server(head, false).await, Duration::from_secs(3)).await;
    assert_eq!(p.status, Some(200), "{p}");
    assert!(!p.not_http);
    // The network's doing, not an answer too large to read: the wait polls again.
    assert!(!p.too_large);
    assert_eq!(p.what, "200 OK, but its body did not end within 3s");
}

/// An answer past the size limit is refused on its announcement, before a byte of its
/// body: here none ever comes, and the refusal is still at once (not "did not end").
#[tokio::test]
async fn a_body_announced_past_the_limit_is_refused_unread() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n",
        BODY_LIMIT + 1
    );
    let p = ask(
        &server(head.into_bytes(), false).await,
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(p.status, Some(200), "{p}");
    assert!(p.too_large, "{p}");
    assert_eq!(
        p.what,
        "the answer (200) is larger than 16 MiB; not a job document"
    );
}

#[tokio::test]
async fn a_body_cut_short_is_an_answer_that_broke_off() {
    let head = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 1000\r\n\r\n{\"x".to_vec();
    let p = ask(&server(head, true).await, Duration::from_secs(30)).await;
    assert_eq!(p.status, Some(503), "{p}");
    assert!(
        p.what
            .starts_with("503 Service Unavailable, but the answer broke off"),
        "{p}"
    );
}

#[tokio::test]
async fn a_bad_status_line_is_an_answer_that_is_not_http() {
    for (banner, close) in [
        (&b"SSH-2.0-OpenSSH_9.6\r\n"[..], false),
        (b"HTTP/1.1 2000 Fine\r\n\r\n", true),
        (b"220 smtp.example.com ESMTP ready\r\n", false),
    ] {
        let p = ask(
            &server(banner.to_vec(), close).await,
            Duration::from_secs(30),
        )
        .await;
        assert!(p.not_http, "{:?}: {p}", String::from_utf8_lossy(banner));
        assert_eq!(p.status, None);
        assert!(
            p.what
                .starts_with("the answer is not HTTP that jobwait can read: "),
            "{p}"
        );
    }
}

#[tokio::test]
async fn a_greeting_before_the_request_is_an_answer_that_is_not_http() {
    let banner = b"SSH-2.0-OpenSSH_9.6\r\n".to_vec();
    let p = ask(&serve(banner, false, true).await, Duration::from_secs(30)).await;
    assert!(p.not_http, "{p}");
    assert!(
        p.what
            .starts_with("the answer is not HTTP that jobwait can read: "),
        "{p}"
    );
}

#[tokio::test]
async fn oversized_headers_are_an_answer_that_is_not_http() {
    let mut head = b"HTTP/1.1 200 OK\r\nX-Padding: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 1 << 20));
    head.extend_from_slice(b"\r\nContent-Length: 2\r\n\r\n{}");
    let p = ask(&server(head, false).await, Duration::from_secs(30)).await;
    assert!(p.not_http, "{p}");
    assert!(p.what.contains("message head is too large"), "{p}");
}

#[tokio::test]
async fn silence_and_a_refused_connection_are_still_no_answer() {
    // Bound but never listening: connections are refused, and the port stays ours.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let refused = format!("http://{}/", socket.local_addr().unwrap());
    let p = ask(&refused, Duration::from_secs(30)).await;
    assert!(p.what.starts_with("could not connect"), "{p}");
    assert!(!p.not_http && p.status.is_none());
    let p = ask(&server(Vec::new(), false).await, Duration::from_millis(300)).await;
    assert_eq!(p.what, "no answer within 300ms");
    assert!(!p.not_http && p.status.is_none());
}
