use super::*;
use crate::job::catalog::Catalog;
use crate::job::profile::Kind;
use crate::status::StatusClass;

fn resource(name: &str) -> Profile {
    Catalog::builtin()
        .find(Kind::Resource, name)
        .unwrap()
        .clone()
}

fn class(profile: &Profile, target: &Target, word: &str) -> StatusClass {
    aim(profile, target).unwrap().words().classify(word)
}

#[test]
fn ready_keeps_the_profiles_words_and_never_waits_on_a_deletion() {
    use StatusClass::*;
    let ecs = resource("ecs-server");
    let ready = aim(&ecs, &Target::Ready).unwrap();
    assert_eq!(ready.words().classify("BUILD"), Pending);
    assert_eq!(ready.words().classify("active"), Success);
    assert_eq!(ready.words().classify("ERROR"), Failure);
    assert_eq!(ready.words().classify("SHUTOFF"), Unknown);
    assert!(
        ready
            .words()
            .why_unknown("SHUTOFF")
            .unwrap()
            .contains("--for SHUTOFF")
    );
    assert_eq!(ready.words().classify("DELETED"), Unknown);
    let elb = resource("elb-loadbalancer");
    let why = aim(&elb, &Target::Ready).unwrap();
    assert!(
        why.words()
            .why_unknown("PENDING_DELETE")
            .unwrap()
            .contains("being deleted")
    );
}

#[test]
fn deleted_waits_through_every_live_state_and_fails_on_a_failure() {
    use StatusClass::*;
    let ecs = resource("ecs-server");
    for word in ["ACTIVE", "SHUTOFF", "BUILD"] {
        assert_eq!(class(&ecs, &Target::Deleted, word), Pending, "{word}");
    }
    assert_eq!(class(&ecs, &Target::Deleted, "DELETED"), Success);
    assert_eq!(class(&ecs, &Target::Deleted, "ERROR"), Failure);
    assert_eq!(class(&ecs, &Target::Deleted, "WEIRD"), Unknown);
    // Kafka's delete wait keeps waiting on ERROR (both providers).
    let kafka = resource("kafka-instance");
    assert_eq!(class(&kafka, &Target::Deleted, "ERROR"), Pending);
    assert_eq!(class(&kafka, &Target::Ready, "ERROR"), Failure);
    assert_eq!(class(&kafka, &Target::Deleted, "EXTENDEDFAILED"), Failure);
}

#[test]
fn a_word_of_the_profile_is_a_target_of_its_own() {
    use StatusClass::*;
    let ecs = resource("ecs-server");
    let target = Target::parse("shutoff");
    assert_eq!(class(&ecs, &target, "SHUTOFF"), Success);
    assert_eq!(class(&ecs, &target, "ACTIVE"), Pending);
    assert_eq!(class(&ecs, &target, "ERROR"), Failure);
    assert_eq!(class(&ecs, &target, "DELETED"), Unknown);
    // A failure word, when asked for, is what ends the wait well.
    assert_eq!(class(&ecs, &Target::parse("ERROR"), "ERROR"), Success);
    // A gone word is the same wait as --for deleted.
    assert_eq!(
        aim(&ecs, &Target::parse("deleted")).unwrap().target,
        Some(Target::Deleted)
    );
    assert_eq!(
        aim(&ecs, &Target::parse("DELETED")).unwrap().target,
        Some(Target::Deleted)
    );
    let err = aim(&ecs, &Target::parse("SHUTOF")).unwrap_err();
    assert!(
        err.contains("'SHUTOF' is not a state of ecs-server"),
        "{err}"
    );
    assert!(err.contains("SHUTOFF"), "{err}");
}

#[test]
fn the_empty_phase_of_a_node_pool_is_ready() {
    let pool = resource("cce-nodepool");
    assert_eq!(class(&pool, &Target::Ready, ""), StatusClass::Success);
    assert_eq!(
        class(&pool, &Target::Ready, "Synchronizing"),
        StatusClass::Pending
    );
}

#[test]
fn gone_answers_count_only_for_resources() {
    let dds = aim(&resource("dds-instance"), &Target::Deleted).unwrap();
    assert!(gone_by_answer(&dds, 400, Some("DBS.280110")));
    assert!(!gone_by_answer(&dds, 400, Some("DBS.280111")));
    assert!(!gone_by_answer(&dds, 200, Some("DBS.280110")));
    let ecs = aim(&resource("ecs-server"), &Target::Ready).unwrap();
    assert!(gone_by_answer(&ecs, 404, None));
    assert!(gone_by_word(&ecs, "deleted"));
    let job = Catalog::builtin().find(Kind::Job, "ecs").unwrap();
    assert!(!gone_by_answer(job, 404, None));
    assert!(wants_gone(&dds) && !wants_gone(&ecs));
}
