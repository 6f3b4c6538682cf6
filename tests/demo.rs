//! The demo's commands run as it prints them: the real binary, nothing in its
//! environment but what the command line says, each ending with the demo's exit code.

mod support;

use support::fake_api::demo;
use support::*;

#[test]
fn every_demo_command_runs_as_shown() {
    let fake = FakeApi::start(demo::config());
    // Side by side: the runs are independent, and the slowest waits out a timeout.
    std::thread::scope(|scope| {
        for (title, args, expected) in demo::RUNS {
            let url = fake.url.clone();
            scope.spawn(move || {
                let argv = demo::command(&url, args);
                assert_eq!(argv[0], "jobwait");
                // What a shell makes of the printed line is the command line itself.
                let printed = demo::shell(&argv);
                assert!(!printed.contains('\''), "{printed}");
                assert_eq!(printed.split(' ').collect::<Vec<_>>(), argv, "{title}");
                let words: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
                let out = jobwait(&words).run();
                out.assert_clean();
                assert_eq!(
                    out.code,
                    i32::from(*expected),
                    "{title}: {printed}\n{}",
                    out.stderr
                );
            });
        }
    });
}

#[test]
fn words_a_shell_would_split_are_quoted() {
    let words = [
        "jobwait",
        "--path",
        "/v1/{job_id}",
        "--param",
        "a b",
        "it's",
    ]
    .map(String::from);
    assert_eq!(
        demo::shell(&words),
        r"jobwait --path '/v1/{job_id}' --param 'a b' 'it'\''s'"
    );
}
