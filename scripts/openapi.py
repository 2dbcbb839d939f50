#!/usr/bin/env python3
"""Reads, edits and writes back the OpenAPI JSON literal in Sources/TernServer/OpenAPIDocument.swift.

Usage from another script:  from openapi import load, save;  doc = load(); ...; save(doc)
Run directly, it validates the document with openapi-spec-validator (pip install openapi-spec-validator).
"""
import json, os, re, sys

PATH = os.path.join(os.path.dirname(__file__), "..", "Sources", "TernServer", "OpenAPIDocument.swift")
PATTERN = re.compile(r'(#"""\n)(.*?)(\n( *)"""#)', re.S)


def load():
    source = open(PATH).read()
    match = PATTERN.search(source)
    indent = match.group(4)
    return json.loads("\n".join(line[len(indent):] for line in match.group(2).split("\n")))


def save(doc):
    source = open(PATH).read()
    match = PATTERN.search(source)
    indent = match.group(4)
    body = "\n".join((indent + line) if line else line for line in json.dumps(doc, indent=2, ensure_ascii=False).split("\n"))
    open(PATH, "w").write(source[:match.start(2)] + body + source[match.end(2):])


if __name__ == "__main__":
    from openapi_spec_validator import validate
    validate(load())
    print("OpenAPI document is valid")
