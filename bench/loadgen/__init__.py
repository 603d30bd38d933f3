"""The classroom load generator (bench/classroom_load.py): browsers, phases, figures."""
