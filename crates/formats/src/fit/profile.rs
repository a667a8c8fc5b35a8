//! The parts of the FIT profile Laps reads and writes: message and field numbers, base types,
//! manufacturers. Numbers are from Garmin's FIT SDK profile (Profile.xlsx).

/// Global message numbers.
pub mod mesg {
    /// file_id
    pub const FILE_ID: u16 = 0;
    /// sport
    pub const SPORT: u16 = 12;
    /// session
    pub const SESSION: u16 = 18;
    /// lap
    pub const LAP: u16 = 19;
    /// record
    pub const RECORD: u16 = 20;
    /// event
    pub const EVENT: u16 = 21;
    /// device_info
    pub const DEVICE_INFO: u16 = 23;
    /// activity
    pub const ACTIVITY: u16 = 34;
    /// file_creator
    pub const FILE_CREATOR: u16 = 49;
    /// hrv
    pub const HRV: u16 = 78;
    /// hr (heart rate a strap stored while the watch could not receive it)
    pub const HR: u16 = 132;
}

/// Field numbers shared by many messages.
pub const TIMESTAMP: u8 = 253;
/// Field number of `message_index`.
pub const MESSAGE_INDEX: u8 = 254;

/// FIT base types (the low five bits are the type number; bit 7 marks multi-byte types).
pub mod base {
    /// enum
    pub const ENUM: u8 = 0x00;
    /// sint8
    pub const SINT8: u8 = 0x01;
    /// uint8
    pub const UINT8: u8 = 0x02;
    /// sint16
    pub const SINT16: u8 = 0x83;
    /// uint16
    pub const UINT16: u8 = 0x84;
    /// sint32
    pub const SINT32: u8 = 0x85;
    /// uint32
    pub const UINT32: u8 = 0x86;
    /// string
    pub const STRING: u8 = 0x07;
    /// uint8z
    pub const UINT8Z: u8 = 0x0A;
    /// uint16z
    pub const UINT16Z: u8 = 0x8B;
    /// uint32z
    pub const UINT32Z: u8 = 0x8C;
    /// byte
    pub const BYTE: u8 = 0x0D;
}

/// The size in bytes of one value of a base type (by its low five bits), or `None` if unknown.
pub fn base_size(base_type: u8) -> Option<usize> {
    Some(match base_type & 0x1F {
        0x00 | 0x01 | 0x02 | 0x07 | 0x0A | 0x0D => 1,
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E | 0x0F | 0x10 => 8,
        _ => return None,
    })
}

/// Reads one integer of a base type from `bytes` (exactly its size), or `None` when it holds the
/// type's "invalid" marker (no value). Floats and strings are not integers: `None`.
#[inline]
pub fn read_int(base_type: u8, bytes: &[u8], big_endian: bool) -> Option<i64> {
    macro_rules! get {
        ($t:ty, $n:expr) => {{
            let array: [u8; $n] = bytes.get(..$n)?.try_into().ok()?;
            if big_endian {
                <$t>::from_be_bytes(array)
            } else {
                <$t>::from_le_bytes(array)
            }
        }};
    }
    let value = match base_type & 0x1F {
        0x00 | 0x02 | 0x0D => {
            let v = *bytes.first()?;
            (v != 0xFF).then_some(i64::from(v))?
        }
        0x01 => {
            let v = *bytes.first()? as i8;
            (v != 0x7F).then_some(i64::from(v))?
        }
        0x0A => {
            let v = *bytes.first()?;
            (v != 0).then_some(i64::from(v))?
        }
        0x03 => {
            let v = get!(i16, 2);
            (v != 0x7FFF).then_some(i64::from(v))?
        }
        0x04 => {
            let v = get!(u16, 2);
            (v != 0xFFFF).then_some(i64::from(v))?
        }
        0x0B => {
            let v = get!(u16, 2);
            (v != 0).then_some(i64::from(v))?
        }
        0x05 => {
            let v = get!(i32, 4);
            (v != 0x7FFF_FFFF).then_some(i64::from(v))?
        }
        0x06 => {
            let v = get!(u32, 4);
            (v != 0xFFFF_FFFF).then_some(i64::from(v))?
        }
        0x0C => {
            let v = get!(u32, 4);
            (v != 0).then_some(i64::from(v))?
        }
        0x0E => {
            let v = get!(i64, 8);
            (v != i64::MAX).then_some(v)?
        }
        0x0F => {
            let v = get!(u64, 8);
            (v != u64::MAX).then(|| i64::try_from(v).ok()).flatten()?
        }
        0x10 => {
            let v = get!(u64, 8);
            (v != 0).then(|| i64::try_from(v).ok()).flatten()?
        }
        _ => return None,
    };
    Some(value)
}

/// Semicircles (FIT positions) to degrees.
pub fn semicircles_to_degrees(semicircles: i64) -> f64 {
    semicircles as f64 * (180.0 / 2_147_483_648.0)
}

/// Rounds half away from zero with an add and a truncating cast: `f64::round` is a library
/// call on baseline x86-64, and the FIT writer rounds every field of every record. Values beyond
/// `i64` saturate, which every caller clamps or refuses anyway.
pub fn round(x: f64) -> f64 {
    (x + 0.5f64.copysign(x)) as i64 as f64
}

/// Degrees to semicircles.
pub fn degrees_to_semicircles(degrees: f64) -> i32 {
    round(degrees * (2_147_483_648.0 / 180.0)).clamp(-2_147_483_647.0, 2_147_483_646.0) as i32
}

/// FIT `file` types (file_id.type) and what they hold, for messages about non-activity files.
pub fn file_type_name(code: i64) -> &'static str {
    match code {
        1 => "device information",
        2 => "device settings",
        3 => "a sport profile",
        4 => "an activity",
        5 => "a workout plan",
        6 => "a course",
        7 => "schedules",
        9 => "weight measurements",
        10 => "totals",
        11 => "goals",
        14 => "blood pressure measurements",
        15 | 32 | 28 | 29 => "daily monitoring data",
        20 => "activity summaries",
        34 => "segments",
        _ => "data of another kind",
    }
}

/// Manufacturer names for the FIT numbers seen in real files.
pub fn manufacturer_name(code: u16) -> Option<&'static str> {
    Some(match code {
        1 => "garmin",
        2 => "garmin_fr405_antfs",
        3 => "zephyr",
        4 => "dayton",
        5 => "idt",
        6 => "srm",
        7 => "quarq",
        8 => "ibike",
        9 => "saris",
        10 => "spark_hk",
        11 => "tanita",
        12 => "echowell",
        13 => "dynastream_oem",
        14 => "nautilus",
        15 => "dynastream",
        16 => "timex",
        17 => "metrigear",
        18 => "xelic",
        19 => "beurer",
        20 => "cardiosport",
        21 => "a_and_d",
        22 => "hmm",
        23 => "suunto",
        24 => "thita_elektronik",
        25 => "gpulse",
        26 => "clean_mobile",
        27 => "pedal_brain",
        28 => "peaksware",
        29 => "saxonar",
        30 => "lemond_fitness",
        31 => "dexcom",
        32 => "wahoo_fitness",
        33 => "octane_fitness",
        34 => "archinoetics",
        35 => "the_hurt_box",
        36 => "citizen_systems",
        37 => "magellan",
        38 => "osynce",
        39 => "holux",
        40 => "concept2",
        41 => "shimano",
        42 => "one_giant_leap",
        43 => "ace_sensor",
        44 => "brim_brothers",
        45 => "xplova",
        46 => "perception_digital",
        47 => "bf1systems",
        48 => "pioneer",
        49 => "spantec",
        50 => "metalogics",
        51 => "4iiiis",
        52 => "seiko_epson",
        53 => "seiko_epson_oem",
        54 => "ifor_powell",
        55 => "maxwell_guider",
        56 => "star_trac",
        57 => "breakaway",
        58 => "alatech_technology_ltd",
        59 => "mio_technology_europe",
        60 => "rotor",
        61 => "geonaute",
        62 => "id_bike",
        63 => "specialized",
        64 => "wtek",
        65 => "physical_enterprises",
        66 => "north_pole_engineering",
        67 => "bkool",
        68 => "cateye",
        69 => "stages_cycling",
        70 => "sigmasport",
        71 => "tomtom",
        72 => "peripedal",
        73 => "wattbike",
        76 => "moxy",
        77 => "ciclosport",
        78 => "powerbahn",
        79 => "acorn_projects_aps",
        80 => "lifebeam",
        81 => "bontrager",
        82 => "wellgo",
        83 => "scosche",
        84 => "magura",
        85 => "woodway",
        86 => "elite",
        87 => "nielsen_kellerman",
        88 => "dk_city",
        89 => "tacx",
        90 => "direction_technology",
        91 => "magtonic",
        92 => "1partcarbon",
        93 => "inside_ride_technologies",
        94 => "sound_of_motion",
        95 => "stryd",
        96 => "icg",
        97 => "mipulse",
        98 => "bsx_athletics",
        99 => "look",
        100 => "campagnolo_srl",
        101 => "body_bike_smart",
        102 => "praxisworks",
        103 => "limits_technology",
        104 => "topaction_technology",
        105 => "cosinuss",
        106 => "fitcare",
        107 => "magene",
        108 => "giant_manufacturing_co",
        109 => "tigrasport",
        110 => "salutron",
        111 => "technogym",
        112 => "bryton_sensors",
        113 => "latitude_limited",
        114 => "soaring_technology",
        115 => "igpsport",
        116 => "thinkrider",
        117 => "gopher_sport",
        118 => "waterrower",
        119 => "orangetheory",
        120 => "inpeak",
        121 => "kinetic",
        122 => "johnson_health_tech",
        123 => "polar_electro",
        124 => "seesense",
        125 => "nci_technology",
        126 => "iqsquare",
        127 => "leomo",
        128 => "ifit_com",
        129 => "coros_byte",
        130 => "versa_design",
        131 => "chileaf",
        132 => "cycplus",
        133 => "gravaa_byte",
        134 => "sigeyi",
        135 => "coospo",
        136 => "geoid",
        137 => "bosch",
        138 => "kyto",
        139 => "kinetic_sports",
        140 => "decathlon_byte",
        141 => "tq_systems",
        142 => "tag_heuer",
        143 => "keiser_fitness",
        144 => "zwift_byte",
        145 => "porsche_ep",
        146 => "blackbird",
        147 => "meilan_byte",
        148 => "ezon",
        149 => "laisi",
        150 => "myzone",
        151 => "abawo",
        152 => "bafang",
        153 => "luhong_technology",
        255 => "development",
        257 => "healthandlife",
        258 => "lezyne",
        259 => "scribe_labs",
        260 => "zwift",
        261 => "watteam",
        262 => "recon",
        263 => "favero_electronics",
        264 => "dynovelo",
        265 => "strava",
        266 => "precor",
        267 => "bryton",
        268 => "sram",
        269 => "navman",
        270 => "cobi",
        271 => "spivi",
        272 => "mio_magellan",
        273 => "evesports",
        274 => "sensitivus_gauge",
        275 => "podoon",
        276 => "life_time_fitness",
        277 => "falco_e_motors",
        278 => "minoura",
        279 => "cycliq",
        280 => "luxottica",
        281 => "trainer_road",
        282 => "the_sufferfest",
        283 => "fullspeedahead",
        284 => "virtualtraining",
        285 => "feedbacksports",
        286 => "omata",
        287 => "vdo",
        288 => "magneticdays",
        289 => "hammerhead",
        290 => "kinetic_by_kurt",
        291 => "shapelog",
        292 => "dabuziduo",
        293 => "jetblack",
        294 => "coros",
        295 => "virtugo",
        296 => "velosense",
        297 => "cycligentinc",
        298 => "trailforks",
        299 => "mahle_ebikemotion",
        300 => "nurvv",
        301 => "microprogram",
        302 => "zone5cloud",
        303 => "greenteg",
        304 => "yamaha_motors",
        305 => "whoop",
        306 => "gravaa",
        307 => "onelap",
        308 => "monark_exercise",
        309 => "form",
        310 => "decathlon",
        311 => "syncros",
        312 => "heatup",
        313 => "cannondale",
        314 => "true_fitness",
        315 => "RGT_cycling",
        316 => "vasa",
        317 => "race_republic",
        318 => "fazua",
        319 => "oreka_training",
        320 => "lsec",
        321 => "lululemon_studio",
        322 => "shanyue",
        323 => "spinning_mda",
        324 => "hilldating",
        325 => "aero_sensor",
        326 => "nike",
        327 => "magicshine",
        328 => "ictrainer",
        329 => "absolute_cycling",
        330 => "eo_swimbetter",
        331 => "mywhoosh",
        332 => "ravemen",
        333 => "tektro_racing_products",
        334 => "darad_innovation_corporation",
        335 => "cycloptim",
        5759 => "actigraphcorp",
        _ => return None,
    })
}

/// The FIT number of a manufacturer name (the inverse of [`manufacturer_name`]).
pub fn manufacturer_code(name: &str) -> Option<u16> {
    let name = name.trim().to_ascii_lowercase();
    let aliases = [
        ("polar", 123u16),
        ("wahoo", 32),
        ("sigma", 70),
        ("o-synce", 38),
        ("suunto", 23),
        ("garmin", 1),
    ];
    if let Some(&(_, code)) = aliases.iter().find(|(alias, _)| *alias == name) {
        return Some(code);
    }
    (0..=5759u16)
        .find(|&code| manufacturer_name(code).is_some_and(|n| n.eq_ignore_ascii_case(&name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_markers_read_as_no_value() {
        assert_eq!(read_int(base::UINT8, &[0xFF], false), None);
        assert_eq!(read_int(base::UINT8, &[0x90], false), Some(144));
        assert_eq!(
            read_int(base::SINT32, &0x7FFF_FFFFi32.to_le_bytes(), false),
            None
        );
        assert_eq!(
            read_int(base::SINT32, &(-5i32).to_be_bytes(), true),
            Some(-5)
        );
        assert_eq!(read_int(base::UINT32Z, &[0, 0, 0, 0], false), None);
        assert_eq!(
            read_int(base::UINT16, &[0x01], false),
            None,
            "too few bytes"
        );
    }

    #[test]
    fn semicircles_round_trip_to_the_same_integer() {
        for semicircles in [0, 1, -1, 572_000_000, -1_073_741_824, 2_147_483_000] {
            let degrees = semicircles_to_degrees(i64::from(semicircles));
            assert_eq!(degrees_to_semicircles(degrees), semicircles);
        }
    }

    #[test]
    fn manufacturer_names_and_codes_agree() {
        assert_eq!(manufacturer_name(1), Some("garmin"));
        assert_eq!(manufacturer_code("garmin"), Some(1));
        assert_eq!(manufacturer_code("Polar"), Some(123));
        assert_eq!(manufacturer_code("stryd"), Some(95));
    }
}
