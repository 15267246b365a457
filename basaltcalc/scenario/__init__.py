"""Scenario files: YAML read with line and column positions, validated into a :class:`Scenario`.

Layer 2, above the core: it reads files but never evaluates the model.
"""
from .file import (ELEMENT_UNITS, FRACTIONS, MAX_FILE_BYTES, SCHEMA_URL, TRANSPORT_UNITS, Input,
                   Scenario, _suggest, default_scenario, describe_domain, domain_of, file_model, in_domain,
                   json_schema, load_scenario, scenario_from_dict, scenario_from_text)
from .inputs import domain_problem, rocket_problem
from .scenario import check_scenario

__all__ = ["Scenario", "Input", "load_scenario", "default_scenario", "scenario_from_dict",
           "scenario_from_text", "file_model", "json_schema", "domain_of", "describe_domain", "in_domain",
           "domain_problem", "rocket_problem", "check_scenario",
           "ELEMENT_UNITS", "TRANSPORT_UNITS", "FRACTIONS", "MAX_FILE_BYTES", "SCHEMA_URL"]
