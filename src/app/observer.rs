//! The wait loop's observer in production: the progress log, rendered and written.

use std::sync::Mutex;
use std::time::Duration;

use super::sink::Sink;
use crate::job::JobDoc;
use crate::report::human::ProgressLog;
use crate::status::StatusClass;
use crate::transport::Problem;
use crate::wait::{JobReport, Observer};

pub struct LogObserver {
    log: Mutex<ProgressLog>,
    sink: Sink,
}

impl LogObserver {
    pub fn new(log: ProgressLog, sink: Sink) -> LogObserver {
        LogObserver {
            log: Mutex::new(log),
            sink,
        }
    }
}

impl Observer for LogObserver {
    fn answered(&self, job: &str, elapsed: Duration, doc: &JobDoc, class: StatusClass) {
        let line = self
            .log
            .lock()
            .expect("progress log lock")
            .answered(job, elapsed, doc, class);
        if let Some(line) = line {
            self.sink.err(&line);
        }
    }

    fn retrying(&self, job: &str, _elapsed: Duration, problem: &Problem, retry_in: Duration) {
        let line = self
            .log
            .lock()
            .expect("progress log lock")
            .retrying(job, problem, retry_in);
        if let Some(line) = line {
            self.sink.err(&line);
        }
    }

    fn finished(&self, _report: &JobReport) {}
}
