"""Programmes, events and open calls (workshops, incubation cohorts, trade missions, expos,
grants): who organizes them, when, for which subsectors, and which profiles took part."""
