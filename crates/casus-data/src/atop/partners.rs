//! Per-partner obligations of the alliances whose pledges are owed only to some partners.
//!
//! ATOP's member file gives one set of obligations per member and phase, as if each member
//! owed them to every partner. For 17 alliances ATOP flags that this is not so (`obvary = 1`
//! on some of their rows): Locarno's guarantors owe help to Germany, France and Belgium but
//! are owed nothing themselves; the 1840 Convention of London binds the four powers to the
//! Sultan, not to one another. ATOP's directed dyad-year file (`atop5_1ddyr.csv`) carries
//! the partner-level coding, the member file cannot. This table encodes it: each entry says
//! exactly what one member owes one partner in one phase of one alliance, in place of the
//! member row's obligations. Pairs not listed owe what the member row says.
//!
//! The entries follow the treaty texts as ATOP codes them; where a text could not be read
//! here (no network when this was written) the entry was settled against ATOP's directed
//! file, and the comment says so. `crates/casus-data/tests/data.rs` checks the resulting
//! dyad-years against ATOP's published file in every column, with only the differences
//! listed in `tests/atop/ddyr-exceptions.tsv` allowed.
//!
//! Entries are only needed where they change a published value; alliances flagged `obvary`
//! whose member rows already give ATOP's directed values (Cyprus 1960, the Central American
//! security treaty of 1995, …) have none.

use super::Obligations;

/// What one member owes one partner in one phase of one alliance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartnerObligation {
    /// The alliance (`atopid`).
    pub atopid: u32,
    /// The phase (`phase`, 0 for an alliance with one phase).
    pub phase: u8,
    /// The member that owes (COW code).
    pub member: u16,
    /// The partner it owes them to (COW code).
    pub partner: u16,
    /// What it owes that partner; all `false` for nothing at all.
    pub owes: Obligations,
}

/// The obligation bits of [`entry`]: defence, offence, neutrality, non-aggression, consultation.
const fn entry(atopid: u32, phase: u8, member: u16, partner: u16, bits: [u8; 5]) -> PartnerObligation {
    PartnerObligation {
        atopid,
        phase,
        member,
        partner,
        owes: Obligations {
            defense: bits[0] == 1,
            offense: bits[1] == 1,
            neutral: bits[2] == 1,
            nonagg: bits[3] == 1,
            consul: bits[4] == 1,
        },
    }
}

const NOTHING: [u8; 5] = [0, 0, 0, 0, 0];
const CONSULT: [u8; 5] = [0, 0, 0, 0, 1];
const OFFENCE: [u8; 5] = [0, 1, 0, 0, 0];
const NONAGG: [u8; 5] = [0, 0, 0, 1, 0];

/// The per-partner obligations, ascending by (alliance, phase, member, partner).
pub const PARTNERS: &[PartnerObligation] = &[
    // 1100 — Quadruple Alliance, London, 22 April 1834, and its additional articles of
    // August 1834 (phase 2): the United Kingdom (200), France (220), Spain (230) and Portugal
    // (235) against the pretenders Dom Miguel and Don Carlos. Art. II: Spanish troops enter
    // Portugal to act with Portugal's; Art. III: Britain co-operates "by the employment of a
    // Naval Force, in aid of the operations ... by the Troops of Spain and Portugal"; Art. IV:
    // France only if its co-operation "should be deemed necessary". Additional articles: France
    // stops aid to the Carlists from its side of the border (Art. 1), Britain supplies Spain
    // with arms and, if necessary, a naval force (Art. 2), Portugal co-operates in aid of
    // Spain (Art. 3). Nothing is owed to the United Kingdom or France beyond concert.
    // Text: Consolidated Treaty Series vol. 84 p. 180, as printed in D. M. Gibler,
    // International Military Alliances 1648–2008 (2009), no. 3.1150 (read here); see also
    // https://en.wikipedia.org/wiki/1834_Quadruple_Alliance
    entry(1100, 2, 200, 220, CONSULT),
    entry(1100, 2, 230, 200, CONSULT),
    entry(1100, 2, 230, 220, CONSULT),
    entry(1100, 2, 235, 200, CONSULT),
    entry(1100, 2, 235, 220, CONSULT),
    // 1110 — Convention of London for the Pacification of the Levant, 15 July 1840: the
    // United Kingdom (200), Austria (300), Prussia (255) and Russia (365) bind themselves to
    // the Sultan (640) against Mehemet Ali. Art. I: the four act in concert to make Mehemet
    // Ali accept the arrangement; Art. II: the British and Austrian navies, at the Sultan's
    // request, "unite with him" to cut the sea route between Egypt and Syria — an offensive
    // pledge between the two and to the Sultan, who owes them his part in it; Art. III: if
    // Mehemet Ali marches on Constantinople, the four defend the Sultan's throne and the
    // Straits "upon the express demand of the Sultan". The defence is owed to the Ottoman
    // Empire, not by one power to another. Text (read here):
    // https://en.wikisource.org/wiki/Page:The_European_Concert_in_the_Eastern_Question.djvu/106
    // and Gibler (2009) no. 3.1151.
    entry(1110, 0, 200, 255, NOTHING),
    entry(1110, 0, 200, 300, OFFENCE),
    entry(1110, 0, 200, 365, NOTHING),
    entry(1110, 0, 255, 200, NOTHING),
    entry(1110, 0, 255, 300, NOTHING),
    entry(1110, 0, 255, 365, NOTHING),
    entry(1110, 0, 300, 200, OFFENCE),
    entry(1110, 0, 300, 255, NOTHING),
    entry(1110, 0, 300, 365, NOTHING),
    entry(1110, 0, 365, 200, NOTHING),
    entry(1110, 0, 365, 255, NOTHING),
    entry(1110, 0, 365, 300, NOTHING),
    entry(1110, 0, 640, 255, NOTHING),
    entry(1110, 0, 640, 365, NOTHING),
    // 1120 — Protocol of London, 21 May 1847: the United Kingdom (200), France (220) and
    // Spain (230) intervene for the Queen of Portugal (235) in the Patuleia civil war. Their
    // help is owed to Portugal alone. Text: https://en.wikipedia.org/wiki/Patuleia (not read
    // here; settled against ATOP's directed file).
    entry(1120, 0, 200, 220, NOTHING),
    entry(1120, 0, 200, 230, NOTHING),
    entry(1120, 0, 220, 200, NOTHING),
    entry(1120, 0, 220, 230, NOTHING),
    entry(1120, 0, 230, 200, NOTHING),
    entry(1120, 0, 230, 220, NOTHING),
    // 1160 — Treaty of Constantinople, 12 March 1854 (the United Kingdom 200, France 220, the
    // Ottoman Empire 640), acceded to by Sardinia (325) on 26 January 1855: Sardinia's
    // troops defend the Ottoman Empire; between Sardinia and the two Western powers only
    // concert is owed. Text: https://en.wikipedia.org/wiki/Crimean_War#Sardinia (not read
    // here; settled against ATOP's directed file).
    entry(1160, 0, 200, 325, CONSULT),
    entry(1160, 0, 220, 325, CONSULT),
    entry(1160, 0, 325, 200, CONSULT),
    entry(1160, 0, 325, 220, CONSULT),
    // 1205 — Brazil (140) and Argentina (160) guarantee the independence of Uruguay (165),
    // 1859–1864: the guarantee is owed to Uruguay, not by one guarantor to the other. (Not
    // read here; settled against ATOP's directed file.)
    entry(1205, 0, 140, 160, NOTHING),
    entry(1205, 0, 160, 140, NOTHING),
    // 1227 — Austria (300) with Hanover (240), Bavaria (245), Saxony (269), Württemberg
    // (271) and Hesse (275), 1862–1866: the middle states' pledges run to Austria, not to one
    // another (their mutual obligations are those of the German Confederation, atopid
    // 1020). (Not read here; settled against ATOP's directed file.)
    entry(1227, 0, 240, 245, NOTHING),
    entry(1227, 0, 240, 269, NOTHING),
    entry(1227, 0, 240, 271, NOTHING),
    entry(1227, 0, 240, 275, NOTHING),
    entry(1227, 0, 245, 240, NOTHING),
    entry(1227, 0, 245, 269, NOTHING),
    entry(1227, 0, 245, 271, NOTHING),
    entry(1227, 0, 245, 275, NOTHING),
    entry(1227, 0, 269, 240, NOTHING),
    entry(1227, 0, 269, 245, NOTHING),
    entry(1227, 0, 269, 271, NOTHING),
    entry(1227, 0, 269, 275, NOTHING),
    entry(1227, 0, 271, 240, NOTHING),
    entry(1227, 0, 271, 245, NOTHING),
    entry(1227, 0, 271, 269, NOTHING),
    entry(1227, 0, 271, 275, NOTHING),
    entry(1227, 0, 275, 240, NOTHING),
    entry(1227, 0, 275, 245, NOTHING),
    entry(1227, 0, 275, 269, NOTHING),
    entry(1227, 0, 275, 271, NOTHING),
    // 1350 — Triple Alliance (Germany 255, Austria-Hungary 300, Italy 325), renewed 20 February
    // 1887 (phase 2), 6 May 1891 (3) and 5 December 1912 (4). From 1887 the separate
    // German–Italian treaty commits Germany to support Italy's action against France in
    // North Africa: Germany's offensive pledge is owed to Italy, not to Austria-Hungary.
    // The 1887 separate treaty was not read here (the entries were settled against ATOP's
    // directed file); the 1882 treaty is https://avalon.law.yale.edu/19th_century/tripall.asp
    entry(1350, 2, 255, 300, [1, 0, 1, 0, 1]),
    entry(1350, 3, 255, 300, [1, 0, 1, 0, 1]),
    entry(1350, 4, 255, 300, [1, 0, 1, 0, 1]),
    // 1355 — Austro-Romanian alliance, 30 October 1883 (Austria-Hungary 300, Romania 360,
    // Germany 255 acceding), Italy (325) acceding in 1888: Romania's defence pledge is owed to
    // the Central Powers; to Italy it owes consultation. (Not read here; settled against
    // ATOP's directed file.)
    entry(1355, 0, 360, 325, CONSULT),
    // 2130 — Treaty of Mutual Guarantee (Rhineland Pact), Locarno, 16 October 1925: Germany
    // (255), Belgium (211), France (220), the United Kingdom (200), Italy (325). Art. 1: all
    // five guarantee the Franco-German and Belgo-German frontiers; Art. 2: Germany and
    // Belgium, and Germany and France, undertake not to attack or invade each other; Art. 4:
    // against a flagrant violation each party comes to the help of the party attacked. The
    // guarantors (United Kingdom, Italy) are owed nothing; Germany owes France and Belgium
    // non-aggression. Text: https://avalon.law.yale.edu/20th_century/locarno_001.asp
    entry(2130, 0, 200, 325, NOTHING),
    entry(2130, 0, 211, 200, NOTHING),
    entry(2130, 0, 211, 325, NOTHING),
    entry(2130, 0, 220, 200, NOTHING),
    entry(2130, 0, 220, 325, NOTHING),
    entry(2130, 0, 255, 200, NOTHING),
    entry(2130, 0, 255, 211, NONAGG),
    entry(2130, 0, 255, 220, NONAGG),
    entry(2130, 0, 255, 325, NOTHING),
    entry(2130, 0, 325, 200, NOTHING),
    // 3322 — Protocol of Sèvres, 24 October 1956 (the United Kingdom 200, France 220, Israel
    // 666): the United Kingdom's undertaking not to aid Egypt against Israel (neutrality) is
    // owed to Israel; to France it owes the joint offensive only.
    // Text: https://en.wikipedia.org/wiki/Protocol_of_S%C3%A8vres (not read here; settled
    // against ATOP's directed file).
    entry(3322, 0, 200, 220, OFFENCE),
];

/// What `member` owes `partner` in `phase` of alliance `atopid`, if the table says.
pub fn lookup(atopid: u32, phase: u8, member: u16, partner: u16) -> Option<Obligations> {
    PARTNERS
        .binary_search_by_key(&(atopid, phase, member, partner), |p| (p.atopid, p.phase, p.member, p.partner))
        .ok()
        .map(|i| PARTNERS[i].owes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        let keys: Vec<_> = PARTNERS.iter().map(|p| (p.atopid, p.phase, p.member, p.partner)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "PARTNERS must be ascending and unique");
        assert!(PARTNERS.iter().all(|p| p.member != p.partner));
    }

    #[test]
    fn looks_up_locarno() {
        let germany_to_france = lookup(2130, 0, 255, 220).expect("listed");
        assert!(germany_to_france.nonagg && !germany_to_france.defense);
        assert_eq!(lookup(2130, 0, 200, 325), Some(Obligations::default()));
        assert_eq!(lookup(2130, 0, 200, 220), None, "the United Kingdom's guarantee to France is the member row's");
    }
}
