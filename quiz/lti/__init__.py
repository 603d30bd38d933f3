"""LTI 1.3 with the Advantage services: launch from a school's LMS, deep linking, grade return
(AGS) and the course roster (NRPS)."""
