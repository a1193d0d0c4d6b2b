//! Post-write hooks run on newly written revision files.
