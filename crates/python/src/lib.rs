//! Python front end of aludel: reads revision file headers with a real
//! Python parser, renders script templates, writes revision files.
