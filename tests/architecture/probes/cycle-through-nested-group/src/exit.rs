pub struct Verdict;
