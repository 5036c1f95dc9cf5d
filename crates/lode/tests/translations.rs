//! Every capability's messages join the shell's catalogue: each parses in both languages and
//! no key is defined twice across them (a key defined twice would leave a capability's
//! pages without their words).

#[test]
fn every_capability_s_messages_join_the_catalogue() {
    for t in [
        lode_eoffice::web::TRANSLATIONS,
        lode_services::web::TRANSLATIONS,
        lode_archive::web::TRANSLATIONS,
        lode_cadastre::web::TRANSLATIONS,
    ] {
        let name = t.name;
        assert_eq!(lode_web::i18n::add(t), Ok(()), "{name}");
    }
    // a word of each capability, in Vietnamese
    for key in [
        "map.title",
        "zone.title",
        "licence.register",
        "coords.title",
    ] {
        let text = lode_web::i18n::Lang::Vi.t(key);
        assert!(!text.contains("missing"), "{key}: {text}");
    }
}
