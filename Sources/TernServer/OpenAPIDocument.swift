/// The OpenAPI 3.1 document of Tern's HTTP API, served at `GET /openapi.json`.
/// `OpenAPITests` checks that it lists every route served, and nothing else.
enum OpenAPIDocument {
    static let json: String = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Tern",
        "version": "0.1.0",
        "summary": "Customer event platform: a tracking plan, contacts and their event timelines.",
        "description": "Every route except `GET /openapi.json` needs a key in the `Authorization` header. Admin keys (`Authorization: Bearer KEY`) may use every route. Write keys may only send events (`POST /v1/events`, `POST /v1/events/batch`); every other route answers 403 to a write key. Times are read as ISO 8601 with an offset (`2026-11-25T10:00:00+01:00`) or as epoch milliseconds, and written as ISO 8601 UTC with milliseconds (`2026-11-25T09:00:00.000Z`). Public ids carry a type prefix: `ct_` for contacts, `ev_` for events, `grp_` for event groups; custom event definitions and their properties have ids matching `^cl_[a-z0-9_]{1,60}$`. Every error is an RFC 9457 problem (`application/problem+json`) with `type`, `title`, `status` and `detail`; a 422 also lists every invalid field in `errors`. Request bodies are JSON objects (except `POST /v1/event-definitions/import`, which takes CSV): an empty body or malformed JSON is a 400, a body that is not an object is a 422 on field `$`. Unknown routes answer 404 and unknown methods on a known path 405, both as problems; an unexpected failure is a 500 problem that reveals nothing internal."
      },
      "tags": [
        {
          "name": "Event definitions",
          "description": "The tracking plan: which events exist and what properties they carry."
        },
        {
          "name": "Event groups",
          "description": "Named folders of the tracking plan, for display and filtering."
        },
        {
          "name": "Materials",
          "description": "What events happen on (message templates, links, pages, products), with the content tags each adds to its events."
        },
        {
          "name": "Contacts",
          "description": "Customers, known by any of their identifiers, and their timelines."
        },
        {
          "name": "Events",
          "description": "Recording and reading events."
        },
        {
          "name": "Meta",
          "description": "This document."
        },
        {
          "name": "Settings",
          "description": "A workspace's activeness levels and lifecycle stages."
        },
        {
          "name": "Segment",
          "description": "Segment's HTTP Tracking API, for existing SDKs."
        },
        {
          "name": "Quarantine",
          "description": "Messages that failed validation, kept and replayable."
        },
        {
          "name": "Analytics",
          "description": "Audiences (filters over contacts), time distributions and funnels."
        },
        {
          "name": "Saved segments",
          "description": "Saved filters with a name (`/v1/segments`); their members are computed from current data on every request. Not to be confused with the Segment-compatible tracking API."
        }
      ],
      "security": [
        {
          "bearer": []
        },
        {
          "basic": []
        }
      ],
      "paths": {
        "/v1/event-definitions": {
          "get": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "listEventDefinitions",
            "summary": "Search event definitions",
            "description": "The workspace's tracking plan, system definitions first, then by name ignoring case, a page at a time; filters combine with AND. Each definition shows its group's name. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Case-insensitive substring of the id or the name (at most 100 characters); `_` and `%` are plain characters.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "group",
                "in": "query",
                "required": false,
                "description": "Only definitions in the group of this name (any case).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "groupId",
                "in": "query",
                "required": false,
                "description": "Only definitions in this group (`grp_N`), or `null` for definitions in no group. Not together with `group` (422).",
                "schema": {
                  "type": "string",
                  "pattern": "^(grp_[1-9][0-9]*|null)$"
                }
              },
              {
                "name": "system",
                "in": "query",
                "required": false,
                "description": "`true` for system definitions only, `false` for custom ones only; anything else is a 422.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "true",
                    "false"
                  ]
                }
              },
              {
                "name": "direction",
                "in": "query",
                "required": false,
                "description": "Anything but `inbound` or `outbound` is a 422.",
                "schema": {
                  "$ref": "#/components/schemas/Direction"
                }
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/DefinitionCursor"
              }
            ],
            "responses": {
              "200": {
                "description": "The matching definitions.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventDefinitionList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "post": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "createEventDefinition",
            "summary": "Create a custom event definition",
            "description": "Adds a custom event to the tracking plan; events of this kind may be recorded at once. The id and the name (case-insensitively) must be unused in the workspace, else 409. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "The new definition. At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventDefinitionCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The definition was created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventDefinition"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "description": "The id or the name is already used; `errors` names the field.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/event-definitions/export": {
          "get": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "exportEventDefinitions",
            "summary": "Export the custom event configuration",
            "description": "Every custom event with its id, name, direction, score, stage, group, description and properties: what an integrator needs to wire data in. `format=csv` gives the template's layout, so an export can be edited and imported into another workspace; importing it into an empty workspace and exporting again gives the same file. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "name": "format",
                "in": "query",
                "required": false,
                "description": "`json` (default) or `csv`; anything else is a 422.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "json",
                    "csv"
                  ],
                  "default": "json"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The custom events.",
                "headers": {
                  "Content-Disposition": {
                    "description": "`attachment` with a file name.",
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DefinitionExport"
                    }
                  },
                  "text/csv": {
                    "schema": {
                      "$ref": "#/components/schemas/DefinitionCSV"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/event-definitions/template.csv": {
          "get": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "getEventDefinitionTemplate",
            "summary": "Download the CSV template",
            "description": "The template for batch creation: the fixed header and two example lines (one event with two properties). Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The template.",
                "headers": {
                  "Content-Disposition": {
                    "description": "`attachment` with a file name.",
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "content": {
                  "text/csv": {
                    "schema": {
                      "$ref": "#/components/schemas/DefinitionCSV"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          }
        },
        "/v1/event-definitions/import": {
          "post": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "importEventDefinitions",
            "summary": "Create events from a filled CSV template",
            "description": "Creates every event of the file in one transaction, or none. The header must be exactly the template's; every event must follow the rules of `POST /v1/event-definitions` (ids `cl_...`, outbound events score 0, ...); the lines of one event must agree on the event columns; an id or a name already used is an error of its line. If anything is wrong nothing is created and the 422 lists every problem as `{\"field\": \"line 7\", \"message\": \"event_id: must match ^cl_[a-z0-9_]{1,60}$\"}`: lines count as a spreadsheet counts rows (the header is line 1; a line break inside a quoted field does not start a new line), and the message starts with the column. Groups named in the file are created if missing. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "The filled template, `Content-Type: text/csv`, at most 10 MB (else 413).",
              "content": {
                "text/csv": {
                  "schema": {
                    "$ref": "#/components/schemas/DefinitionCSV"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Every event was created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DefinitionImportResult"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "415": {
                "description": "The body is not sent as `text/csv`.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "422": {
                "description": "Nothing was created; `errors` lists every problem with its line (`field` is `line N`).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/event-definitions/restore-defaults": {
          "post": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "restoreSystemDefaults",
            "summary": "Restore system events' scores and stages",
            "description": "Puts every system event's score and stage back to its default and reports what changed; custom events are untouched. The body is an empty object, `{}`. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "What changed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/DefaultsRestoration"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            },
            "requestBody": {
              "required": true,
              "description": "`{}`; any member is a 422.",
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "maxProperties": 0
                  }
                }
              }
            }
          }
        },
        "/v1/event-definitions/{id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/DefinitionId"
            }
          ],
          "get": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "getEventDefinition",
            "summary": "Get an event definition",
            "description": "One definition, custom or system. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The definition.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventDefinition"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          },
          "patch": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "updateEventDefinition",
            "summary": "Update an event definition",
            "description": "Changes the members given and keeps the others. System definitions accept only `score` and `stage`; the id never changes. The new name must be unused (case-insensitively), else 409. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "The members to change. At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventDefinitionPatch"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated definition.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventDefinition"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The name is already used by another definition; `errors` names the field.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "delete": {
            "tags": [
              "Event definitions"
            ],
            "operationId": "deleteEventDefinition",
            "summary": "Delete a custom event definition",
            "description": "Removes a custom definition from the tracking plan; events already recorded are kept. System definitions cannot be deleted (409). Needs an admin key; a write key gets 403.",
            "responses": {
              "204": {
                "description": "The definition was deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The definition is a system definition.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/event-groups": {
          "get": {
            "tags": [
              "Event groups"
            ],
            "operationId": "listEventGroups",
            "summary": "List event groups",
            "description": "Every group of the workspace, by name ignoring case, with how many definitions each holds. Not paginated. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The groups.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventGroupList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          },
          "post": {
            "tags": [
              "Event groups"
            ],
            "operationId": "createEventGroup",
            "summary": "Create an event group",
            "description": "A new, empty group. Naming a group on a definition (`group`) also creates it when missing. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventGroupInput"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The group was created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventGroup"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "description": "The name is used by another group (ignoring case); `errors` names the field.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/event-groups/{id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/GroupId"
            }
          ],
          "get": {
            "tags": [
              "Event groups"
            ],
            "operationId": "getEventGroup",
            "summary": "Get an event group",
            "description": "One group. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventGroup"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          },
          "patch": {
            "tags": [
              "Event groups"
            ],
            "operationId": "renameEventGroup",
            "summary": "Rename an event group",
            "description": "Renames the group; every definition in it shows the new name. A group may change the case of its own name. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventGroupInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The renamed group.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventGroup"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The name is used by another group (ignoring case).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "delete": {
            "tags": [
              "Event groups"
            ],
            "operationId": "deleteEventGroup",
            "summary": "Delete an event group",
            "description": "Deletes the group; its definitions are kept, ungrouped. Needs an admin key; a write key gets 403.",
            "responses": {
              "204": {
                "description": "The group was deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        },
        "/v1/event-groups/{id}/events": {
          "parameters": [
            {
              "$ref": "#/components/parameters/GroupIdOrNull"
            }
          ],
          "post": {
            "tags": [
              "Event groups"
            ],
            "operationId": "moveEventsToGroup",
            "summary": "Move events into a group, or out of any",
            "description": "Puts the named custom definitions into the group (`/v1/event-groups/null/events`: into none), all of them or none: an unknown id or a system event is a 422 naming `events[i]`, and nothing moves. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 500 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventGroupMove"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Every definition moved.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventGroupMoveResult"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/contacts": {
          "post": {
            "tags": [
              "Contacts"
            ],
            "operationId": "upsertContact",
            "summary": "Create or update a contact",
            "description": "Finds the contact that holds any of the identifiers given and updates it (200), or creates one (201, recording `contact_created`). Identifiers given are attached to the contact; `attributes` are merged. A `contactId` that names no contact is a 404; identifiers that belong to different contacts are a 409. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At least one identifier, and attributes. At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ContactUpsert"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "An existing contact was updated.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Contact"
                    }
                  }
                }
              },
              "201": {
                "description": "A new contact was created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Contact"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "description": "`contactId` names no contact.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "409": {
                "description": "The identifiers given belong to different contacts.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "get": {
            "tags": [
              "Contacts"
            ],
            "operationId": "listContacts",
            "summary": "List contacts, or look one up",
            "description": "With `phone`, `externalId` or `email` (the first present in that order is used, the others are ignored), looks up one contact: `items` holds it or is empty, `nextCursor` is null, and `limit` and `cursor` are ignored. Without them, lists every contact in id order, a page at a time. Needs an admin key; a write key gets 403. `level` or `tag` narrow the listing.",
            "parameters": [
              {
                "name": "phone",
                "in": "query",
                "required": false,
                "description": "Looks up by phone; normalized to E.164 first, a phone that is not E.164 is a 422.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "externalId",
                "in": "query",
                "required": false,
                "description": "Looks up by external id (exact).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "email",
                "in": "query",
                "required": false,
                "description": "Looks up by email, case-insensitively; a value that is not an email address is a 422.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `nextCursor` of the previous page (a contact id); anything else is a 422.",
                "schema": {
                  "type": "string",
                  "pattern": "^ct_[1-9][0-9]*$"
                }
              },
              {
                "name": "level",
                "in": "query",
                "required": false,
                "description": "Only contacts at this activeness level (a name from /v1/settings/activeness-levels); an unknown level is a 422.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "tag",
                "in": "query",
                "required": false,
                "description": "Only contacts with an event carrying this content tag.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of contacts, or the contact looked up.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/contacts/{id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ContactId"
            }
          ],
          "get": {
            "tags": [
              "Contacts"
            ],
            "operationId": "getContact",
            "summary": "Get a contact's profile",
            "description": "The contact with its identifiers, attributes, activeness and level, stage and stage history, top content tags, first and last event time, and event counts by definition. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactProfile"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          },
          "patch": {
            "tags": [
              "Contacts"
            ],
            "operationId": "updateContact",
            "summary": "Update a contact",
            "description": "Sets the identifiers given (`null` clears one) and merges `attributes` (a `null` value removes an attribute). Records `contact_updated` when anything changed. An identifier held by another contact is a 409. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "The changes. At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ContactPatch"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Contact"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "An identifier is already used by another contact; `errors` names the field.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "delete": {
            "tags": [
              "Contacts"
            ],
            "operationId": "deleteContact",
            "summary": "Delete a contact",
            "description": "Deletes the contact and all its events. Needs an admin key; a write key gets 403.",
            "responses": {
              "204": {
                "description": "The contact and its events were deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        },
        "/v1/contacts/{id}/events": {
          "parameters": [
            {
              "$ref": "#/components/parameters/ContactId"
            }
          ],
          "get": {
            "tags": [
              "Contacts"
            ],
            "operationId": "getContactTimeline",
            "summary": "A contact's timeline",
            "description": "The contact's events, newest first (by `time`, then id), a page at a time. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/EventName"
              },
              {
                "$ref": "#/components/parameters/From"
              },
              {
                "$ref": "#/components/parameters/To"
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/EventCursor"
              }
            ],
            "responses": {
              "200": {
                "description": "A page of the contact's events.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventPage"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "post": {
            "tags": [
              "Contacts"
            ],
            "operationId": "recordManualEvent",
            "summary": "Record an event by hand",
            "description": "Records a custom event on this contact with `source: manual` and `recordedBy` set to the label of the key used. The contact is the one in the path: naming another identifier in the body is a 422, as is a system event. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/ContactId"
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": [
                      "event"
                    ],
                    "properties": {
                      "event": {
                        "type": "string",
                        "description": "A custom event definition id."
                      },
                      "time": {
                        "anyOf": [
                          {
                            "type": "string",
                            "format": "date-time"
                          },
                          {
                            "type": "integer",
                            "minimum": 0,
                            "description": "Epoch milliseconds."
                          },
                          {
                            "type": "null"
                          }
                        ],
                        "description": "When the event happened: ISO 8601 with offset or epoch milliseconds, at most 24 hours in the future. Defaults to the time it is received."
                      },
                      "properties": {
                        "type": [
                          "object",
                          "null"
                        ],
                        "additionalProperties": {
                          "type": [
                            "string",
                            "number",
                            "null"
                          ]
                        },
                        "description": "Values keyed by property id. Each key must be declared on the event's definition or be a preset (`channel`, `source`, `campaign`, strings); each value must fit the property's type. A `null` value for a known property is dropped."
                      },
                      "contentTags": {
                        "type": [
                          "array",
                          "null"
                        ],
                        "maxItems": 20,
                        "items": {
                          "type": "string",
                          "minLength": 1,
                          "maxLength": 64
                        },
                        "description": "At most 20 tags of 1 to 64 characters; repeats are dropped."
                      },
                      "messageId": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "maxLength": 255,
                        "description": "Idempotency key, unique per workspace: an event whose `messageId` was recorded before is not stored again."
                      },
                      "materialId": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$",
                        "maxLength": 128,
                        "description": "The material the event happened on (`/v1/materials`). Its content tags, as the material has them when the event is recorded, are added to the event's own. A material the workspace does not have is a 422 naming `materialId` (in a batch, that event is rejected)."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Recorded.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Receipt"
                    }
                  }
                }
              },
              "200": {
                "description": "An event with this `messageId` was recorded before.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Receipt"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/events": {
          "post": {
            "tags": [
              "Events"
            ],
            "operationId": "recordEvent",
            "summary": "Record an event",
            "description": "Validates one event against the tracking plan and answers once it is committed. The contact is named by `contactId` (which must exist) or found by `phone`, `externalId` or `email` (first present, in that order), and created if none holds it. An event whose `messageId` was recorded before answers 200 with `duplicate: true` and stores nothing. Accepts a write key or an admin key.",
            "requestBody": {
              "required": true,
              "description": "The event. At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventInput"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The event was recorded.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Receipt"
                    }
                  }
                }
              },
              "200": {
                "description": "An event with this `messageId` was recorded before; nothing was stored. The receipt names the earlier event.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Receipt"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "get": {
            "tags": [
              "Events"
            ],
            "operationId": "listEvents",
            "summary": "List events",
            "description": "The workspace's events in the order they were stored (by id); a cursor page never skips or repeats an event, even while new ones arrive. `nextCursor` is set even on the last page, so a client can keep polling it for events stored later; `hasMore` says whether more matched already. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/EventName"
              },
              {
                "name": "contactId",
                "in": "query",
                "required": false,
                "description": "Only this contact's events; a value that is not a contact id is a 422.",
                "schema": {
                  "type": "string",
                  "pattern": "^ct_[1-9][0-9]*$"
                }
              },
              {
                "$ref": "#/components/parameters/From"
              },
              {
                "$ref": "#/components/parameters/To"
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "$ref": "#/components/parameters/EventCursor"
              }
            ],
            "responses": {
              "200": {
                "description": "A page of events.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/EventPage"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/events/batch": {
          "post": {
            "tags": [
              "Events"
            ],
            "operationId": "recordEventBatch",
            "summary": "Record a batch of events",
            "description": "Records up to 1,000 events. Each is validated on its own: every valid one is stored, every invalid one (including one larger than 32 KB) is reported in `rejected` by its index, with field paths such as `events[3].properties.cl_price`. Answers 200 once the valid ones are committed, even if some or all were rejected. A body over 500 KB or with more than 1,000 events is a 413. Accepts a write key or an admin key.",
            "requestBody": {
              "required": true,
              "description": "The events. At most 500 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/EventBatchInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "What happened to the events.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/BatchResult"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "description": "The body is not an object with an `events` array, or has other members.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        },
        "/openapi.json": {
          "get": {
            "tags": [
              "Meta"
            ],
            "operationId": "getOpenAPIDocument",
            "summary": "This OpenAPI document",
            "description": "The OpenAPI 3.1 document of this API. Needs no key.",
            "security": [],
            "responses": {
              "200": {
                "description": "The document.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              }
            }
          }
        },
        "/health": {
          "get": {
            "tags": [
              "Meta"
            ],
            "operationId": "getHealth",
            "summary": "Whether this node can serve",
            "description": "For a load balancer or an orchestrator: 200 once this node's store (SQLite, or its PostgreSQL database) has answered a query, 503 when it has not within 2 seconds. Needs no key.",
            "security": [],
            "responses": {
              "200": {
                "description": "The store answered.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "status"
                      ],
                      "properties": {
                        "status": {
                          "const": "ok"
                        }
                      }
                    }
                  }
                }
              },
              "503": {
                "description": "The store did not answer within 2 seconds.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/settings/activeness-levels": {
          "get": {
            "tags": [
              "Settings"
            ],
            "operationId": "getActivenessLevels",
            "summary": "Get the activeness levels",
            "description": "The workspace's activeness levels. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The activeness levels.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ActivenessLevels"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          },
          "put": {
            "tags": [
              "Settings"
            ],
            "operationId": "putActivenessLevels",
            "summary": "Replace the activeness levels",
            "description": "Replaces the workspace's activeness levels. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ActivenessLevels"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The new activeness levels.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ActivenessLevels"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/settings/stages": {
          "get": {
            "tags": [
              "Settings"
            ],
            "operationId": "getLifecycleStages",
            "summary": "Get the lifecycle stages",
            "description": "The workspace's lifecycle stages. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The lifecycle stages.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LifecycleStages"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          },
          "put": {
            "tags": [
              "Settings"
            ],
            "operationId": "putLifecycleStages",
            "summary": "Replace the lifecycle stages",
            "description": "Replaces the workspace's lifecycle stages. Dropping a stage that an event definition pushes is a 409. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/LifecycleStages"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The new lifecycle stages.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/LifecycleStages"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/track": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentTrack",
            "summary": "Segment track",
            "description": "Segment-compatible `track`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightTrack",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/identify": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentIdentify",
            "summary": "Segment identify",
            "description": "Segment-compatible `identify`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightIdentify",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/page": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentPage",
            "summary": "Segment page",
            "description": "Segment-compatible `page`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightPage",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/screen": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentScreen",
            "summary": "Segment screen",
            "description": "Segment-compatible `screen`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightScreen",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/group": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentGroup",
            "summary": "Segment group",
            "description": "Segment-compatible `group`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightGroup",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/alias": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentAlias",
            "summary": "Segment alias",
            "description": "Segment-compatible `alias`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 32 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentMessage"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightAlias",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/batch": {
          "post": {
            "tags": [
              "Segment"
            ],
            "operationId": "segmentBatch",
            "summary": "Segment batch",
            "description": "Segment-compatible `batch`. Auth: the write key as HTTP Basic user name (or `writeKey` in the body). gzip bodies (`Content-Encoding: gzip`) are accepted; at most 500 KB as sent and decompressed. A well-formed request answers 200 `{\"success\": true}`; a message that fails validation (unknown event, undeclared property, wrong type) is kept in the quarantine, `/v1/rejected-events`.",
            "security": [
              {
                "basic": []
              },
              {}
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SegmentBatch"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Accepted.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SegmentSuccess"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "description": "The page's origin is not among the workspace's allowed origins.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "503": {
                "description": "Tern cannot take the load now, or cannot reach its database; retry (Retry-After).",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          },
          "options": {
            "tags": [
              "Segment"
            ],
            "operationId": "preflightBatch",
            "summary": "CORS preflight",
            "description": "Answers browsers' preflight for any origin; the real request is then checked against the workspace's allowed origins.",
            "security": [],
            "responses": {
              "204": {
                "description": "Allowed methods and headers; Access-Control-Allow-Origin echoes the Origin."
              }
            }
          }
        },
        "/v1/rejected-events": {
          "get": {
            "tags": [
              "Quarantine"
            ],
            "operationId": "listRejectedEvents",
            "summary": "List quarantined messages",
            "description": "Messages the Segment-compatible routes could not record, oldest first. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "name": "reason",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "event",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string"
                }
              },
              {
                "$ref": "#/components/parameters/From"
              },
              {
                "$ref": "#/components/parameters/To"
              },
              {
                "name": "pending",
                "in": "query",
                "required": false,
                "description": "true: only those not replayed yet.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "true",
                    "false"
                  ]
                }
              },
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "items",
                        "nextCursor",
                        "hasMore"
                      ],
                      "properties": {
                        "items": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/RejectedEvent"
                          }
                        },
                        "nextCursor": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "hasMore": {
                          "type": "boolean"
                        }
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/rejected-events/summary": {
          "get": {
            "tags": [
              "Quarantine"
            ],
            "operationId": "summarizeRejectedEvents",
            "summary": "Count quarantined messages per reason",
            "description": "Messages waiting for a replay, per reason: the tracking plan's health. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "Counts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "pending",
                        "byReason"
                      ],
                      "properties": {
                        "pending": {
                          "type": "integer"
                        },
                        "byReason": {
                          "type": "object",
                          "additionalProperties": {
                            "type": "integer"
                          }
                        }
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          }
        },
        "/v1/rejected-events/replay": {
          "post": {
            "tags": [
              "Quarantine"
            ],
            "operationId": "replayRejectedEvents",
            "summary": "Replay quarantined messages",
            "description": "Validates every waiting message again against the current definitions and records those that now pass, exactly once; the rest stay. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "What was replayed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "replayed",
                        "remaining"
                      ],
                      "properties": {
                        "replayed": {
                          "type": "integer"
                        },
                        "remaining": {
                          "type": "integer"
                        }
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            },
            "requestBody": {
              "required": false,
              "description": "Optional: only messages of this reason.",
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "reason": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/settings/allowed-origins": {
          "get": {
            "tags": [
              "Settings"
            ],
            "operationId": "getAllowedOrigins",
            "summary": "Get the allowed web origins",
            "description": "Which web pages may send events with the workspace's write key. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The origins.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AllowedOrigins"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          },
          "put": {
            "tags": [
              "Settings"
            ],
            "operationId": "putAllowedOrigins",
            "summary": "Replace the allowed web origins",
            "description": "`null` allows any origin. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AllowedOrigins"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The new origins.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AllowedOrigins"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/tern.js": {
          "get": {
            "tags": [
              "Meta"
            ],
            "operationId": "getTracker",
            "summary": "The browser tracker",
            "description": "tern.js, the dependency-free browser tracker. No key needed.",
            "security": [],
            "responses": {
              "200": {
                "description": "The script.",
                "content": {
                  "application/javascript": {
                    "schema": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/contacts/search": {
          "post": {
            "tags": [
              "Contacts"
            ],
            "operationId": "searchContacts",
            "summary": "Find contacts with a filter",
            "description": "Evaluates the filter against current data (relative windows end at the time of the request) and returns how many contacts match and a page of them, in contact id order. Needs an admin key.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ContactSearch"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The count and a page of matching contacts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactSearchResult"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/analytics/distribution": {
          "post": {
            "tags": [
              "Analytics"
            ],
            "operationId": "eventDistribution",
            "summary": "Time distribution of an event",
            "description": "Counts the events of one kind (optionally with property conditions) in `[from, to)`, per hour, day, week (Monday first) or month of the given IANA time zone, as events and distinct contacts; every bucket from the one holding `from` to the one holding the last instant is present, with 0 when empty; days across a daylight saving change last 23 or 25 hours. Also the hour-of-day by day-of-week matrix. At most 10,000 buckets.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/DistributionRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The buckets and the matrix.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Distribution"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/analytics/funnel": {
          "post": {
            "tags": [
              "Analytics"
            ],
            "operationId": "funnel",
            "summary": "Funnel of 2 to 10 steps",
            "description": "A contact reaches step k if it has events matching steps 1..k (each a different event) at times t1 ≤ t2 ≤ … ≤ tk with tk − t1 ≤ window and t1 in `[from, to)`; later steps may fall after `to`. Each contact counts once, at the furthest step it reached, along its earliest path (the earliest first event that reaches that step, then the earliest event at or after the previous one), from which the times between steps and the breakdown value are read. Per step: contacts that reached it, conversion from the previous and from the first step, and the median time from the previous step in seconds.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/FunnelRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Per step, and per breakdown value when asked.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Funnel"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/segments": {
          "get": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "listSavedSegments",
            "summary": "List saved segments",
            "description": "The workspace's segments, newest first, in pages: ids never change, so a segment created or renamed while a client pages neither repeats nor hides another. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `nextCursor` of the previous page (a segment id); anything else is a 422.",
                "schema": {
                  "type": "string",
                  "pattern": "^sg_[1-9][0-9]*$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of segments.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SavedSegmentList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "post": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "createSavedSegment",
            "summary": "Save a segment",
            "description": "Saves a filter under a name. Only the filter is kept: members are computed when asked for. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 500 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SavedSegmentCreate"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The segment was saved.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SavedSegment"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "409": {
                "description": "The name is used by another segment (ignoring case); `errors` names `name`.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/segments/{id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/SegmentId"
            }
          ],
          "get": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "getSavedSegment",
            "summary": "Get a saved segment",
            "description": "One segment, with its filter as saved. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The segment.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SavedSegment"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          },
          "patch": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "updateSavedSegment",
            "summary": "Change a saved segment",
            "description": "Changes its name, description or filter; membership follows a new filter at once. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 500 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SavedSegmentPatch"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The changed segment.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SavedSegment"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The name is used by another segment (ignoring case); `errors` names `name`.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "delete": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "deleteSavedSegment",
            "summary": "Delete a saved segment",
            "description": "Deletes the segment; its id is never given to another. Needs an admin key; a write key gets 403.",
            "responses": {
              "204": {
                "description": "The segment was deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        },
        "/v1/segments/{id}/contacts": {
          "parameters": [
            {
              "$ref": "#/components/parameters/SegmentId"
            }
          ],
          "get": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "listSavedSegmentContacts",
            "summary": "Contacts of a saved segment",
            "description": "Evaluates the saved filter against current data (relative windows end at the time of the request), exactly as `POST /v1/contacts/search` does with the same filter, `limit` and `cursor`: how many contacts match and a page of them, in contact id order. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `nextCursor` of the previous page (a contact id); anything else is a 422.",
                "schema": {
                  "type": "string",
                  "pattern": "^ct_[1-9][0-9]*$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The count and a page of the segment's contacts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactSearchResult"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The saved filter no longer reads: it names an event definition, property, stage or activeness level that has since been deleted or changed. `errors` lists each node by its path (`filter.any[1].did.event`), with the message `POST /v1/contacts/search` would give for the same filter as a 422. Defining the event again, or a new filter given with `PATCH`, makes the segment answer again.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/segments/{id}/count": {
          "parameters": [
            {
              "$ref": "#/components/parameters/SegmentId"
            }
          ],
          "get": {
            "tags": [
              "Saved segments"
            ],
            "operationId": "countSavedSegment",
            "summary": "Count a saved segment",
            "description": "How many contacts the saved filter selects from current data, the `total` its contacts would show. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The count.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SavedSegmentCount"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "description": "The saved filter no longer reads: it names an event definition, property, stage or activeness level that has since been deleted or changed. `errors` lists each node by its path (`filter.any[1].did.event`), with the message `POST /v1/contacts/search` would give for the same filter as a 422. Defining the event again, or a new filter given with `PATCH`, makes the segment answer again.",
                "content": {
                  "application/problem+json": {
                    "schema": {
                      "$ref": "#/components/schemas/Problem"
                    }
                  }
                }
              }
            }
          }
        },
        "/v1/materials": {
          "get": {
            "tags": [
              "Materials"
            ],
            "operationId": "listMaterials",
            "summary": "List materials",
            "description": "The workspace's materials in id order (byte by byte), a page at a time. Needs an admin key; a write key gets 403.",
            "parameters": [
              {
                "$ref": "#/components/parameters/Limit"
              },
              {
                "name": "cursor",
                "in": "query",
                "required": false,
                "description": "The `nextCursor` of the previous page (a material id); anything else is a 422.",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of materials.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/MaterialList"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          }
        },
        "/v1/materials/{id}": {
          "parameters": [
            {
              "$ref": "#/components/parameters/MaterialId"
            }
          ],
          "get": {
            "tags": [
              "Materials"
            ],
            "operationId": "getMaterial",
            "summary": "Get a material",
            "description": "One material. Needs an admin key; a write key gets 403.",
            "responses": {
              "200": {
                "description": "The material.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Material"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          },
          "put": {
            "tags": [
              "Materials"
            ],
            "operationId": "putMaterial",
            "summary": "Create or replace a material",
            "description": "Creates the material with this id, or replaces the name and tags of the existing one (its `createdAt` is kept). Events recorded before keep the tags they were recorded with; events recorded after get the new ones. Needs an admin key; a write key gets 403.",
            "requestBody": {
              "required": true,
              "description": "At most 32 KB, else 413.",
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/MaterialInput"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The material was replaced.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Material"
                    }
                  }
                }
              },
              "201": {
                "description": "The material was created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Material"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "413": {
                "$ref": "#/components/responses/ContentTooLarge"
              },
              "422": {
                "$ref": "#/components/responses/UnprocessableContent"
              }
            }
          },
          "delete": {
            "tags": [
              "Materials"
            ],
            "operationId": "deleteMaterial",
            "summary": "Delete a material",
            "description": "Deletes the material. Events recorded on it keep its tags and `materialId`; new events naming it are refused (422) until it is created again. Needs an admin key; a write key gets 403.",
            "responses": {
              "204": {
                "description": "The material was deleted."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        }
      },
      "components": {
        "securitySchemes": {
          "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "`Authorization: Bearer KEY` with an admin key or a write key (at most 200 characters)."
          },
          "basic": {
            "type": "http",
            "scheme": "basic",
            "description": "Segment-style, so that SDKs work unchanged: HTTP Basic with the write key as user name and any (or no) password. The server reads the key from the user name whatever its scope."
          }
        },
        "parameters": {
          "DefinitionId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The definition's id: a custom id (`cl_...`) or a system id such as `page_viewed`.",
            "schema": {
              "type": "string"
            }
          },
          "ContactId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The contact's id (`ct_` and a positive integer without leading zeros); any other value is a 404.",
            "schema": {
              "type": "string",
              "pattern": "^ct_[1-9][0-9]*$"
            }
          },
          "Limit": {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Items per page, 1 to 1000; anything else is a 422.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          "EventCursor": {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page (opaque); a malformed one is a 422.",
            "schema": {
              "type": "string"
            }
          },
          "EventName": {
            "name": "event",
            "in": "query",
            "required": false,
            "description": "Only events of this definition id.",
            "schema": {
              "type": "string"
            }
          },
          "From": {
            "name": "from",
            "in": "query",
            "required": false,
            "description": "Only events whose `time` is at or after this instant (inclusive): ISO 8601 with offset, or epoch milliseconds. Anything else is a 422.",
            "schema": {
              "anyOf": [
                {
                  "type": "string",
                  "format": "date-time"
                },
                {
                  "type": "string",
                  "pattern": "^[0-9]+$"
                }
              ]
            }
          },
          "To": {
            "name": "to",
            "in": "query",
            "required": false,
            "description": "Only events whose `time` is before this instant (exclusive): ISO 8601 with offset, or epoch milliseconds. Anything else is a 422.",
            "schema": {
              "anyOf": [
                {
                  "type": "string",
                  "format": "date-time"
                },
                {
                  "type": "string",
                  "pattern": "^[0-9]+$"
                }
              ]
            }
          },
          "DefinitionCursor": {
            "name": "cursor",
            "in": "query",
            "required": false,
            "description": "The `nextCursor` of the previous page (opaque); anything else is a 422.",
            "schema": {
              "type": "string"
            }
          },
          "GroupId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The group's id (`grp_` and a positive integer without leading zeros); any other value, or a group of another workspace, is a 404.",
            "schema": {
              "type": "string",
              "pattern": "^grp_[1-9][0-9]*$"
            }
          },
          "GroupIdOrNull": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The group to move the events into, or `null` to take them out of any group.",
            "schema": {
              "type": "string",
              "pattern": "^(grp_[1-9][0-9]*|null)$"
            }
          },
          "SegmentId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The segment's id (`sg_` and a positive integer without leading zeros); any other value, or a segment of another workspace, is a 404.",
            "schema": {
              "type": "string",
              "pattern": "^sg_[1-9][0-9]*$"
            }
          },
          "MaterialId": {
            "name": "id",
            "in": "path",
            "required": true,
            "description": "The material's id, chosen by the workspace: 1 to 128 letters, digits, `-`, `_`, `.` or `~`, starting with a letter or digit. On GET and DELETE any other value, or a material of another workspace, is a 404; on PUT an id breaking the rule is a 422 naming `id`.",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$",
              "maxLength": 128
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The body is empty, not UTF-8 or not well-formed JSON.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "No key, a malformed `Authorization` header, or a key that is not valid.",
            "headers": {
              "WWW-Authenticate": {
                "description": "Always `Bearer`.",
                "schema": {
                  "type": "string",
                  "const": "Bearer"
                }
              }
            },
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Forbidden": {
            "description": "The key is a write key; this route needs an admin key.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "NotFound": {
            "description": "No such resource.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request conflicts with the current state.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "ContentTooLarge": {
            "description": "The body is larger than the route accepts.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "UnprocessableContent": {
            "description": "One or more fields are invalid; `errors` lists every one with its path.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        },
        "schemas": {
          "Problem": {
            "type": "object",
            "description": "An RFC 9457 problem.",
            "required": [
              "type",
              "title",
              "status",
              "detail"
            ],
            "properties": {
              "type": {
                "type": "string",
                "format": "uri-reference",
                "const": "about:blank"
              },
              "title": {
                "type": "string",
                "description": "The HTTP reason phrase of `status`.",
                "examples": [
                  "Unprocessable Content"
                ]
              },
              "status": {
                "type": "integer",
                "examples": [
                  422
                ]
              },
              "detail": {
                "type": "string",
                "examples": [
                  "The request has 1 invalid field(s)."
                ]
              },
              "errors": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FieldError"
                },
                "description": "Every invalid field; present on 422, and on 409 when a field is at fault."
              }
            }
          },
          "FieldError": {
            "type": "object",
            "required": [
              "field",
              "message"
            ],
            "properties": {
              "field": {
                "type": "string",
                "description": "The JSON path of the field (`events[3].properties.cl_price`), or the query parameter's name; `$` is the body itself.",
                "examples": [
                  "properties.cl_price"
                ]
              },
              "message": {
                "type": "string",
                "examples": [
                  "must be a number with at most one decimal place, below 10^14"
                ]
              }
            }
          },
          "Direction": {
            "type": "string",
            "enum": [
              "inbound",
              "outbound"
            ],
            "description": "`inbound`: the customer acted; `outbound`: the business acted on the customer."
          },
          "PropertyType": {
            "type": "string",
            "enum": [
              "string",
              "number",
              "timestamp",
              "url"
            ],
            "description": "`string`: at most 255 characters. `number`: a JSON number with at most one decimal place, magnitude below 10^14. `timestamp`: ISO 8601 with offset or epoch milliseconds. `url`: absolute `http://` or `https://` URL with a host, at most 2,048 characters, no whitespace."
          },
          "PropertyDefinition": {
            "type": "object",
            "required": [
              "id",
              "name",
              "type"
            ],
            "properties": {
              "id": {
                "type": "string",
                "description": "The key of the property in an event's `properties`."
              },
              "name": {
                "type": "string"
              },
              "type": {
                "$ref": "#/components/schemas/PropertyType"
              }
            }
          },
          "PropertyDefinitionInput": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "type"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^cl_[a-z0-9_]{1,60}$",
                "description": "Unique within the definition."
              },
              "name": {
                "type": "string",
                "maxLength": 100
              },
              "type": {
                "$ref": "#/components/schemas/PropertyType"
              }
            }
          },
          "EventDefinition": {
            "type": "object",
            "required": [
              "id",
              "name",
              "direction",
              "score",
              "stage",
              "group",
              "groupId",
              "description",
              "properties",
              "system",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "id": {
                "type": "string",
                "examples": [
                  "cl_trial_started",
                  "page_viewed"
                ]
              },
              "name": {
                "type": "string"
              },
              "direction": {
                "$ref": "#/components/schemas/Direction"
              },
              "score": {
                "type": "integer",
                "minimum": -1000000,
                "maximum": 1000000,
                "description": "Added to a contact's activeness for each event; always 0 for outbound events."
              },
              "stage": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The lifecycle stage an event of this kind moves its contact to."
              },
              "group": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The name of the event's group (see `/v1/event-groups`), or null."
              },
              "groupId": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^grp_[1-9][0-9]*$",
                "description": "The id of the event's group, or null."
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "properties": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/PropertyDefinition"
                },
                "description": "Declared properties. Every event may also carry the preset string properties `channel`, `source` and `campaign`."
              },
              "system": {
                "type": "boolean",
                "description": "System definitions are recorded by Tern itself; only their score and stage may be edited."
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "EventDefinitionList": {
            "type": "object",
            "required": [
              "items",
              "nextCursor",
              "hasMore"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/EventDefinition"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The position after the last definition of this page, to pass as `cursor`; on an empty page, the `cursor` given (null without one)."
              },
              "hasMore": {
                "type": "boolean",
                "description": "Whether more definitions matched."
              }
            }
          },
          "EventDefinitionCreate": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "id",
              "name",
              "direction"
            ],
            "description": "Optional members given as `null` count as absent.",
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^cl_[a-z0-9_]{1,60}$"
              },
              "name": {
                "type": "string",
                "maxLength": 100,
                "description": "Trimmed; must not be empty. Unique in the workspace, case-insensitively."
              },
              "direction": {
                "$ref": "#/components/schemas/Direction"
              },
              "score": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": -1000000,
                "maximum": 1000000,
                "default": 0,
                "description": "Must be 0 for outbound events."
              },
              "stage": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 64,
                "description": "The lifecycle stage an event of this kind moves its contact to."
              },
              "group": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 100,
                "description": "The name of the event's group (trimmed, 1 to 100 characters); a group of that name (any case) is used, or created. `null`: no group."
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1000,
                "description": "What the event means."
              },
              "properties": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 100,
                "items": {
                  "$ref": "#/components/schemas/PropertyDefinitionInput"
                },
                "description": "At most 100; ids must be unique."
              }
            }
          },
          "EventDefinitionPatch": {
            "type": "object",
            "additionalProperties": false,
            "description": "Only the members given change. For system definitions only `score` and `stage` may be given (and `id`, unchanged). `null` clears `stage`, `group` and `description`; for the other members `null` leaves them unchanged.",
            "properties": {
              "id": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Must equal the current id if given."
              },
              "name": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 100,
                "description": "Trimmed; must not be empty. Unique in the workspace, case-insensitively."
              },
              "direction": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/Direction"
                  },
                  {
                    "type": "null"
                  }
                ]
              },
              "score": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": -1000000,
                "maximum": 1000000,
                "description": "Must be 0 when the resulting direction is outbound."
              },
              "stage": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 64,
                "description": "`null` clears it."
              },
              "group": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 100,
                "description": "The name of the event's group (trimmed, 1 to 100 characters); a group of that name (any case) is used, or created. `null`: no group."
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1000,
                "description": "`null` clears it."
              },
              "properties": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 100,
                "items": {
                  "$ref": "#/components/schemas/PropertyDefinitionInput"
                },
                "description": "Replaces the whole list; ids must be unique."
              }
            }
          },
          "Contact": {
            "type": "object",
            "required": [
              "id",
              "phone",
              "externalId",
              "email",
              "attributes",
              "createdAt",
              "updatedAt",
              "activeness",
              "level",
              "stage",
              "anonymousIds"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^ct_[1-9][0-9]*$",
                "examples": [
                  "ct_42"
                ]
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "E.164.",
                "examples": [
                  "+4915123456789"
                ]
              },
              "externalId": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Lower-cased."
              },
              "attributes": {
                "type": "object",
                "additionalProperties": true
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              },
              "activeness": {
                "type": "integer",
                "description": "The sum of the scores of the contact's events; with an activeness window set, only of the events inside it."
              },
              "level": {
                "type": "string",
                "description": "The activeness level the activeness falls in (see /v1/settings/activeness-levels)."
              },
              "stage": {
                "type": "string",
                "description": "The lifecycle stage; the workspace's first stage until an event pushes one."
              },
              "anonymousIds": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Anonymous ids (Segment's anonymousId) that name this contact; merges add to it."
              }
            }
          },
          "ContactList": {
            "type": "object",
            "required": [
              "items",
              "nextCursor",
              "hasMore"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Contact"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The position after the last contact of this page (its id), to pass as `cursor`; on an empty page, the `cursor` given (null without one). Always null for a lookup."
              },
              "hasMore": {
                "type": "boolean",
                "description": "Whether more contacts followed this page when it was read; false for a lookup."
              }
            }
          },
          "ContactUpsert": {
            "type": "object",
            "additionalProperties": false,
            "description": "At least one of `contactId`, `phone`, `externalId`, `email` must be given and not `null`; `null` counts as absent.",
            "anyOf": [
              {
                "required": [
                  "contactId"
                ],
                "properties": {
                  "contactId": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "phone"
                ],
                "properties": {
                  "phone": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "externalId"
                ],
                "properties": {
                  "externalId": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "email"
                ],
                "properties": {
                  "email": {
                    "type": "string"
                  }
                }
              }
            ],
            "properties": {
              "contactId": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^ct_[1-9][0-9]*$",
                "maxLength": 40,
                "description": "An existing contact's id. Takes precedence over the other identifiers."
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 40,
                "description": "E.164: `+` and 8 to 15 digits, not starting with 0. Spaces, dashes and parentheses are removed first."
              },
              "externalId": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 255,
                "description": "The contact's id in the client's own system."
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "email",
                "maxLength": 254,
                "description": "Trimmed and lower-cased; compared case-insensitively."
              },
              "attributes": {
                "type": [
                  "object",
                  "null"
                ],
                "maxProperties": 100,
                "propertyNames": {
                  "minLength": 1,
                  "maxLength": 64
                },
                "additionalProperties": true,
                "description": "Free-form attributes: at most 100 names of 1 to 64 characters, at most 16 KB as JSON. Merged into the contact's attributes; a `null` value removes that attribute."
              }
            }
          },
          "ContactPatch": {
            "type": "object",
            "additionalProperties": false,
            "description": "Only the members given change; `null` clears an identifier.",
            "properties": {
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 40,
                "description": "E.164: `+` and 8 to 15 digits, not starting with 0. Spaces, dashes and parentheses are removed first."
              },
              "externalId": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 255,
                "description": "The contact's id in the client's own system."
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "email",
                "maxLength": 254,
                "description": "Trimmed and lower-cased; compared case-insensitively."
              },
              "attributes": {
                "type": [
                  "object",
                  "null"
                ],
                "maxProperties": 100,
                "propertyNames": {
                  "minLength": 1,
                  "maxLength": 64
                },
                "additionalProperties": true,
                "description": "Free-form attributes: at most 100 names of 1 to 64 characters, at most 16 KB as JSON. Merged into the contact's attributes; a `null` value removes that attribute."
              }
            }
          },
          "EventSource": {
            "type": "string",
            "enum": [
              "api",
              "segment",
              "browser",
              "manual",
              "journey",
              "system"
            ],
            "description": "Where the event came from: `api` for events sent to this API, `system` for events Tern records itself (`contact_created`, `contact_updated`)."
          },
          "Event": {
            "type": "object",
            "required": [
              "id",
              "event",
              "time",
              "receivedAt",
              "contactId",
              "properties",
              "contentTags",
              "materialId",
              "messageId",
              "source",
              "recordedBy"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^ev_[1-9][0-9]*$",
                "examples": [
                  "ev_1001"
                ]
              },
              "event": {
                "type": "string",
                "description": "The definition id."
              },
              "time": {
                "type": "string",
                "format": "date-time",
                "description": "When the event happened."
              },
              "receivedAt": {
                "type": "string",
                "format": "date-time",
                "description": "When Tern received it."
              },
              "contactId": {
                "type": "string",
                "pattern": "^ct_[1-9][0-9]*$"
              },
              "properties": {
                "type": "object",
                "additionalProperties": {
                  "type": [
                    "string",
                    "number"
                  ]
                },
                "description": "Canonical values: numbers as decimals, timestamps as ISO 8601 UTC strings."
              },
              "contentTags": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "The event's own tags, then those its material had when it was recorded."
              },
              "messageId": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "source": {
                "$ref": "#/components/schemas/EventSource"
              },
              "recordedBy": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "For manual events, the label of the key that recorded it."
              },
              "materialId": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The material the event happened on; `contentTags` holds its tags as they were when the event was recorded."
              }
            }
          },
          "EventPage": {
            "type": "object",
            "required": [
              "items",
              "nextCursor",
              "hasMore"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Event"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The position after the last event of this page, to pass as `cursor` for the next page; on an empty page, the `cursor` given (null without one)."
              },
              "hasMore": {
                "type": "boolean",
                "description": "Whether more matching events existed when the page was read."
              }
            }
          },
          "EventInput": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "event"
            ],
            "description": "At least one of `contactId`, `phone`, `externalId`, `email` must be given and not `null`; `null` counts as absent for every optional member.",
            "anyOf": [
              {
                "required": [
                  "contactId"
                ],
                "properties": {
                  "contactId": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "phone"
                ],
                "properties": {
                  "phone": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "externalId"
                ],
                "properties": {
                  "externalId": {
                    "type": "string"
                  }
                }
              },
              {
                "required": [
                  "email"
                ],
                "properties": {
                  "email": {
                    "type": "string"
                  }
                }
              }
            ],
            "properties": {
              "event": {
                "type": "string",
                "maxLength": 63,
                "description": "The id of a definition in the workspace's tracking plan."
              },
              "time": {
                "anyOf": [
                  {
                    "type": "string",
                    "format": "date-time"
                  },
                  {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Epoch milliseconds."
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "When the event happened: ISO 8601 with offset or epoch milliseconds, at most 24 hours in the future. Defaults to the time it is received."
              },
              "contactId": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^ct_[1-9][0-9]*$",
                "maxLength": 40,
                "description": "An existing contact's id. Takes precedence over the other identifiers."
              },
              "phone": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 40,
                "description": "E.164: `+` and 8 to 15 digits, not starting with 0. Spaces, dashes and parentheses are removed first."
              },
              "externalId": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "maxLength": 255,
                "description": "The contact's id in the client's own system."
              },
              "email": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "email",
                "maxLength": 254,
                "description": "Trimmed and lower-cased; compared case-insensitively."
              },
              "properties": {
                "type": [
                  "object",
                  "null"
                ],
                "additionalProperties": {
                  "type": [
                    "string",
                    "number",
                    "null"
                  ]
                },
                "description": "Values keyed by property id. Each key must be declared on the event's definition or be a preset (`channel`, `source`, `campaign`, strings); each value must fit the property's type. A `null` value for a known property is dropped."
              },
              "contentTags": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 20,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 64
                },
                "description": "At most 20 tags of 1 to 64 characters; repeats are dropped."
              },
              "messageId": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 255,
                "description": "Idempotency key, unique per workspace: an event whose `messageId` was recorded before is not stored again."
              },
              "anonymousId": {
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
                "description": "An anonymous visitor's id; lowest precedence. If it names another contact than the other identifiers, that contact is merged into this one."
              },
              "materialId": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$",
                "maxLength": 128,
                "description": "The material the event happened on (`/v1/materials`). Its content tags, as the material has them when the event is recorded, are added to the event's own. A material the workspace does not have is a 422 naming `materialId` (in a batch, that event is rejected)."
              }
            }
          },
          "EventBatchInput": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "events"
            ],
            "properties": {
              "events": {
                "type": "array",
                "maxItems": 1000,
                "items": {
                  "$ref": "#/components/schemas/EventInput"
                },
                "description": "At most 1,000 events (else 413), each at most 32 KB as JSON. An invalid event does not fail the request; it is reported in `rejected`."
              }
            }
          },
          "BatchResult": {
            "type": "object",
            "required": [
              "accepted",
              "duplicates",
              "rejected"
            ],
            "properties": {
              "accepted": {
                "type": "integer",
                "minimum": 0,
                "description": "Events stored."
              },
              "duplicates": {
                "type": "integer",
                "minimum": 0,
                "description": "Events not stored because their `messageId` was recorded before."
              },
              "rejected": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/BatchRejection"
                },
                "description": "Invalid events, by ascending index."
              }
            }
          },
          "BatchRejection": {
            "type": "object",
            "required": [
              "index",
              "errors"
            ],
            "properties": {
              "index": {
                "type": "integer",
                "minimum": 0,
                "description": "The event's position in `events`."
              },
              "errors": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FieldError"
                },
                "description": "Field paths start at the event: `events[3].time`."
              }
            }
          },
          "Receipt": {
            "type": "object",
            "required": [
              "id",
              "contactId",
              "duplicate"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^ev_[1-9][0-9]*$",
                "description": "The event's id."
              },
              "contactId": {
                "type": "string",
                "pattern": "^ct_[1-9][0-9]*$",
                "description": "The contact it was recorded for."
              },
              "duplicate": {
                "type": "boolean",
                "description": "True when the `messageId` was recorded before and nothing was stored."
              }
            }
          },
          "ContactProfile": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Contact"
              },
              {
                "type": "object",
                "required": [
                  "stageHistory",
                  "topTags",
                  "firstEventAt",
                  "lastEventAt",
                  "eventCounts"
                ],
                "properties": {
                  "stageHistory": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": [
                        "from",
                        "to",
                        "event",
                        "eventId",
                        "time"
                      ],
                      "properties": {
                        "from": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "to": {
                          "type": "string"
                        },
                        "event": {
                          "type": "string"
                        },
                        "eventId": {
                          "type": "string"
                        },
                        "time": {
                          "type": "string",
                          "format": "date-time"
                        }
                      }
                    }
                  },
                  "topTags": {
                    "type": "array",
                    "description": "Content preferences: the 10 most frequent content tags of the contact's events.",
                    "items": {
                      "type": "object",
                      "required": [
                        "tag",
                        "count"
                      ],
                      "properties": {
                        "tag": {
                          "type": "string"
                        },
                        "count": {
                          "type": "integer"
                        }
                      }
                    }
                  },
                  "firstEventAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time"
                  },
                  "lastEventAt": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "format": "date-time"
                  },
                  "eventCounts": {
                    "type": "object",
                    "additionalProperties": {
                      "type": "integer"
                    },
                    "description": "Number of events per event definition id."
                  }
                }
              }
            ]
          },
          "ActivenessLevels": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "levels"
            ],
            "properties": {
              "levels": {
                "type": "array",
                "minItems": 1,
                "maxItems": 20,
                "description": "Ascending. The first level has no minimum and holds everything below the second; each later level starts at its minimum (inclusive), minimums strictly increasing.",
                "items": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "name"
                  ],
                  "properties": {
                    "name": {
                      "type": "string",
                      "minLength": 1,
                      "maxLength": 64
                    },
                    "minimum": {
                      "type": [
                        "integer",
                        "null"
                      ]
                    }
                  }
                }
              },
              "windowDays": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 1,
                "maximum": 3650,
                "description": "When set, activeness counts only the events of the last N days, evaluated at each read."
              }
            }
          },
          "LifecycleStages": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "stages"
            ],
            "properties": {
              "stages": {
                "type": "array",
                "minItems": 1,
                "maxItems": 20,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 64
                },
                "description": "Ordered, distinct."
              },
              "direction": {
                "type": "string",
                "enum": [
                  "forward",
                  "any"
                ],
                "default": "forward",
                "description": "forward: a contact only moves to a later stage. any: the latest stage-setting event by event time decides."
              }
            }
          },
          "DefinitionExport": {
            "type": "object",
            "required": [
              "items"
            ],
            "description": "Every custom event, by name ignoring case. Each item is a valid `POST /v1/event-definitions` body.",
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "id",
                    "name",
                    "direction",
                    "score",
                    "stage",
                    "group",
                    "description",
                    "properties"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "name": {
                      "type": "string"
                    },
                    "direction": {
                      "$ref": "#/components/schemas/Direction"
                    },
                    "score": {
                      "type": "integer"
                    },
                    "stage": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "group": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "description": {
                      "type": [
                        "string",
                        "null"
                      ]
                    },
                    "properties": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/PropertyDefinition"
                      }
                    }
                  }
                }
              }
            }
          },
          "DefinitionCSV": {
            "type": "string",
            "description": "UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting. Header: `event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type`. One line per property; an event with several properties repeats its event columns on each of its lines; an event without properties is one line with the property columns empty.",
            "examples": [
              "event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type\r\nOrder completed,cl_order_completed,inbound,10,customer,Checkout,\"Paid, online or in a shop\",Price,cl_price,number\r\n"
            ]
          },
          "DefinitionImportResult": {
            "type": "object",
            "required": [
              "created",
              "properties",
              "events",
              "groupsCreated"
            ],
            "properties": {
              "created": {
                "type": "integer",
                "minimum": 0,
                "description": "Events created."
              },
              "properties": {
                "type": "integer",
                "minimum": 0,
                "description": "Properties declared on them."
              },
              "events": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Their ids, in file order."
              },
              "groupsCreated": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Groups named in the file that did not exist."
              }
            }
          },
          "DefaultsRestoration": {
            "type": "object",
            "required": [
              "changed"
            ],
            "properties": {
              "changed": {
                "type": "array",
                "description": "Every system event whose score or stage was changed back, in catalogue order; empty if none differed.",
                "items": {
                  "type": "object",
                  "required": [
                    "id",
                    "before",
                    "after"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "before": {
                      "$ref": "#/components/schemas/ScoreAndStage"
                    },
                    "after": {
                      "$ref": "#/components/schemas/ScoreAndStage"
                    }
                  }
                }
              }
            }
          },
          "ScoreAndStage": {
            "type": "object",
            "required": [
              "score",
              "stage"
            ],
            "properties": {
              "score": {
                "type": "integer"
              },
              "stage": {
                "type": [
                  "string",
                  "null"
                ]
              }
            }
          },
          "EventGroup": {
            "type": "object",
            "required": [
              "id",
              "name",
              "eventCount",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^grp_[1-9][0-9]*$",
                "examples": [
                  "grp_3"
                ]
              },
              "name": {
                "type": "string",
                "description": "Unique in the workspace, ignoring case."
              },
              "eventCount": {
                "type": "integer",
                "minimum": 0,
                "description": "Definitions in the group."
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "EventGroupList": {
            "type": "object",
            "required": [
              "items"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/EventGroup"
                }
              }
            }
          },
          "EventGroupInput": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "maxLength": 100,
                "description": "Trimmed; must not be empty. Unique in the workspace, ignoring case (else 409)."
              }
            }
          },
          "EventGroupMove": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "events"
            ],
            "properties": {
              "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1000,
                "items": {
                  "type": "string"
                },
                "description": "Ids of custom event definitions."
              }
            }
          },
          "EventGroupMoveResult": {
            "type": "object",
            "required": [
              "moved",
              "group"
            ],
            "properties": {
              "moved": {
                "type": "integer",
                "minimum": 0,
                "description": "Distinct definitions now in the group (or in none)."
              },
              "group": {
                "anyOf": [
                  {
                    "$ref": "#/components/schemas/EventGroup"
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "The group after the move; null when moved out."
              }
            }
          },
          "SegmentMessage": {
            "type": "object",
            "additionalProperties": true,
            "description": "A message of Segment's HTTP Tracking API. `userId` (the contact's externalId) or `anonymousId` is required (alias: `previousId` and `userId`). `context` and `integrations` are accepted and ignored, except `context.page` for page calls and `context.library.name` (tern.js marks browser events).",
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "track",
                  "identify",
                  "page",
                  "screen",
                  "group",
                  "alias"
                ],
                "description": "Required in a batch; the route gives it otherwise."
              },
              "userId": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "anonymousId": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "previousId": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "groupId": {
                "type": [
                  "string",
                  "number"
                ]
              },
              "event": {
                "type": "string",
                "description": "track: a definition id or, failing that, a definition name (any case)."
              },
              "name": {
                "type": "string"
              },
              "properties": {
                "type": "object",
                "description": "track, page, screen: the event's properties. `materialId` names the material the event happened on (its tags are added to the event); a material the workspace does not have sends the message to the quarantine with reason `unknown_material`."
              },
              "traits": {
                "type": "object",
                "description": "identify: phone (E.164) and email set identifiers, the rest become attributes."
              },
              "messageId": {
                "type": [
                  "string",
                  "number"
                ],
                "description": "Stored once per workspace: retries are safe."
              },
              "timestamp": {
                "type": "string",
                "format": "date-time"
              },
              "originalTimestamp": {
                "type": "string",
                "format": "date-time"
              },
              "sentAt": {
                "type": "string",
                "format": "date-time",
                "description": "With timestamp, corrects the device's clock skew: time = receivedAt − (sentAt − timestamp)."
              },
              "context": {
                "type": "object"
              },
              "integrations": {
                "type": "object"
              },
              "writeKey": {
                "type": "string"
              }
            }
          },
          "SegmentBatch": {
            "type": "object",
            "required": [
              "batch"
            ],
            "properties": {
              "batch": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SegmentMessage"
                }
              },
              "sentAt": {
                "type": "string",
                "format": "date-time"
              },
              "writeKey": {
                "type": "string",
                "description": "The write key, when it is not sent as HTTP Basic user name."
              },
              "context": {
                "type": "object"
              },
              "integrations": {
                "type": "object"
              }
            }
          },
          "SegmentSuccess": {
            "type": "object",
            "required": [
              "success"
            ],
            "properties": {
              "success": {
                "type": "boolean",
                "const": true
              }
            }
          },
          "RejectedEvent": {
            "type": "object",
            "required": [
              "id",
              "receivedAt",
              "reason",
              "event",
              "messageId",
              "type",
              "source",
              "errors",
              "payload",
              "replayed"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "receivedAt": {
                "type": "string",
                "format": "date-time"
              },
              "reason": {
                "type": "string",
                "enum": [
                  "unknown_event",
                  "undeclared_property",
                  "invalid_property",
                  "invalid_time",
                  "invalid_trait",
                  "invalid_message",
                  "identifier_conflict",
                  "too_large",
                  "unknown_material"
                ]
              },
              "event": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "messageId": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "type": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "source": {
                "$ref": "#/components/schemas/EventSource"
              },
              "errors": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FieldError"
                }
              },
              "payload": {
                "description": "The message exactly as received."
              },
              "replayed": {
                "type": "boolean"
              }
            }
          },
          "AllowedOrigins": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "origins": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 100,
                "items": {
                  "type": "string",
                  "description": "scheme://host[:port]"
                },
                "description": "null: any origin."
              }
            }
          },
          "Duration": {
            "type": "object",
            "description": "Exactly one member: a positive integer of days, hours or minutes (at most ten years).",
            "properties": {
              "days": {
                "type": "integer",
                "minimum": 1
              },
              "hours": {
                "type": "integer",
                "minimum": 1
              },
              "minutes": {
                "type": "integer",
                "minimum": 1
              }
            },
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false
          },
          "PropertyCondition": {
            "type": "object",
            "required": [
              "property",
              "op"
            ],
            "additionalProperties": false,
            "description": "A condition on a property of the event, typed by its declared type. Strings and URLs take eq, neq, contains, startsWith, in, exists; numbers and timestamps take eq, neq, gt, gte, lt, lte, in, exists. `neq` also holds when the property is missing; `exists` takes a boolean (default true); `in` takes 1 to 100 values. Strings compare by bytes, case-sensitively.",
            "properties": {
              "property": {
                "type": "string"
              },
              "op": {
                "type": "string",
                "enum": [
                  "eq",
                  "neq",
                  "gt",
                  "gte",
                  "lt",
                  "lte",
                  "contains",
                  "startsWith",
                  "in",
                  "exists"
                ]
              },
              "value": {}
            }
          },
          "ValueCondition": {
            "type": "object",
            "required": [
              "name",
              "op"
            ],
            "additionalProperties": false,
            "description": "A condition on a contact attribute (any JSON value) or identifier (phone, email, externalId). Numbers compare by value, strings by bytes; `neq` also holds when the value is missing.",
            "properties": {
              "name": {
                "type": "string"
              },
              "op": {
                "type": "string",
                "enum": [
                  "eq",
                  "neq",
                  "gt",
                  "gte",
                  "lt",
                  "lte",
                  "contains",
                  "startsWith",
                  "in",
                  "exists"
                ]
              },
              "value": {}
            }
          },
          "Filter": {
            "description": "A filter node: an object with exactly one member. `all`/`any`: arrays of nodes (an empty `all` holds for everyone, an empty `any` for no one); `not`: a node (\"did not\" is `not` around `did`). `did`: the contact has events of `event` in a window (`within`, relative to the time of the query, or `from` inclusive / `to` exclusive), counted by `count` (default at least one; every bound given must hold; a count that 0 satisfies also selects contacts without such events), with `where` conditions on their properties. `attribute`, `identifier`: value conditions. `activeness`: a `level` name or a range (gte, gt, lte, lt) over the activeness contacts show (the workspace window applies). `stage`: `eq` or `in` stage names (a contact without a stage is in the first). `tag`: a content tag carried by one of its events. `firstEvent`/`lastEvent`: the time of its first/last event is in a window. At most 200 nodes. An invalid node is a 422 naming its path, like `filter.all[2].did.where[0].op`.",
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": false,
            "properties": {
              "all": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Filter"
                }
              },
              "any": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Filter"
                }
              },
              "not": {
                "$ref": "#/components/schemas/Filter"
              },
              "did": {
                "type": "object",
                "required": [
                  "event"
                ],
                "additionalProperties": false,
                "properties": {
                  "event": {
                    "type": "string"
                  },
                  "within": {
                    "$ref": "#/components/schemas/Duration"
                  },
                  "from": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  },
                  "to": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  },
                  "count": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                      "gte": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "gt": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "lte": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "lt": {
                        "type": "integer",
                        "minimum": 0
                      },
                      "eq": {
                        "type": "integer",
                        "minimum": 0
                      }
                    }
                  },
                  "where": {
                    "type": "array",
                    "maxItems": 20,
                    "items": {
                      "$ref": "#/components/schemas/PropertyCondition"
                    }
                  }
                }
              },
              "attribute": {
                "$ref": "#/components/schemas/ValueCondition"
              },
              "identifier": {
                "$ref": "#/components/schemas/ValueCondition"
              },
              "activeness": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "level": {
                    "type": "string"
                  },
                  "gte": {
                    "type": "integer"
                  },
                  "gt": {
                    "type": "integer"
                  },
                  "lte": {
                    "type": "integer"
                  },
                  "lt": {
                    "type": "integer"
                  }
                }
              },
              "stage": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "eq": {
                    "type": "string"
                  },
                  "in": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              },
              "tag": {
                "type": "string"
              },
              "firstEvent": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "within": {
                    "$ref": "#/components/schemas/Duration"
                  },
                  "from": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  },
                  "to": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  }
                }
              },
              "lastEvent": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "within": {
                    "$ref": "#/components/schemas/Duration"
                  },
                  "from": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  },
                  "to": {
                    "description": "ISO 8601 with offset, or epoch milliseconds.",
                    "oneOf": [
                      {
                        "type": "string"
                      },
                      {
                        "type": "integer",
                        "minimum": 0
                      }
                    ]
                  }
                }
              }
            }
          },
          "ContactSearch": {
            "type": "object",
            "required": [
              "filter"
            ],
            "additionalProperties": false,
            "properties": {
              "filter": {
                "$ref": "#/components/schemas/Filter"
              },
              "limit": {
                "type": "integer",
                "minimum": 1,
                "maximum": 1000,
                "default": 100
              },
              "cursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The `nextCursor` of the previous page."
              }
            }
          },
          "ContactSearchResult": {
            "type": "object",
            "required": [
              "total",
              "items",
              "nextCursor"
            ],
            "properties": {
              "total": {
                "type": "integer",
                "description": "How many contacts match, on all pages."
              },
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Contact"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Null on the last page."
              }
            }
          },
          "DistributionRequest": {
            "type": "object",
            "required": [
              "event",
              "interval",
              "timeZone",
              "from",
              "to"
            ],
            "additionalProperties": false,
            "properties": {
              "event": {
                "type": "string"
              },
              "where": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/PropertyCondition"
                }
              },
              "interval": {
                "type": "string",
                "enum": [
                  "hour",
                  "day",
                  "week",
                  "month"
                ]
              },
              "timeZone": {
                "type": "string",
                "description": "An IANA time zone, like Europe/Paris."
              },
              "from": {
                "description": "ISO 8601 with offset, or epoch milliseconds.",
                "oneOf": [
                  {
                    "type": "string"
                  },
                  {
                    "type": "integer",
                    "minimum": 0
                  }
                ]
              },
              "to": {
                "description": "ISO 8601 with offset, or epoch milliseconds.",
                "oneOf": [
                  {
                    "type": "string"
                  },
                  {
                    "type": "integer",
                    "minimum": 0
                  }
                ]
              }
            }
          },
          "Distribution": {
            "type": "object",
            "required": [
              "buckets",
              "hourOfWeek"
            ],
            "properties": {
              "buckets": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "start",
                    "events",
                    "contacts"
                  ],
                  "properties": {
                    "start": {
                      "type": "string",
                      "description": "Local start with the offset then in force, like 2026-03-29T00:00:00+01:00."
                    },
                    "events": {
                      "type": "integer"
                    },
                    "contacts": {
                      "type": "integer",
                      "description": "Distinct contacts in the bucket."
                    }
                  }
                }
              },
              "hourOfWeek": {
                "type": "array",
                "description": "7 rows (Monday first) of 24 local hours: events in the range.",
                "items": {
                  "type": "array",
                  "items": {
                    "type": "integer"
                  }
                }
              }
            }
          },
          "FunnelRequest": {
            "type": "object",
            "required": [
              "steps",
              "window",
              "from",
              "to"
            ],
            "additionalProperties": false,
            "properties": {
              "steps": {
                "type": "array",
                "minItems": 2,
                "maxItems": 10,
                "items": {
                  "type": "object",
                  "required": [
                    "event"
                  ],
                  "additionalProperties": false,
                  "properties": {
                    "event": {
                      "type": "string"
                    },
                    "where": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/PropertyCondition"
                      }
                    }
                  }
                }
              },
              "window": {
                "$ref": "#/components/schemas/Duration"
              },
              "from": {
                "description": "ISO 8601 with offset, or epoch milliseconds.",
                "oneOf": [
                  {
                    "type": "string"
                  },
                  {
                    "type": "integer",
                    "minimum": 0
                  }
                ]
              },
              "to": {
                "description": "ISO 8601 with offset, or epoch milliseconds.",
                "oneOf": [
                  {
                    "type": "string"
                  },
                  {
                    "type": "integer",
                    "minimum": 0
                  }
                ]
              },
              "breakdown": {
                "type": "string",
                "description": "A property of the first step's event."
              }
            }
          },
          "FunnelStep": {
            "type": "object",
            "required": [
              "event",
              "contacts",
              "conversionFromPrevious",
              "conversionFromFirst",
              "medianSecondsFromPrevious"
            ],
            "properties": {
              "event": {
                "type": "string"
              },
              "contacts": {
                "type": "integer",
                "description": "Contacts that reached this step (including those that went further)."
              },
              "conversionFromPrevious": {
                "type": "number"
              },
              "conversionFromFirst": {
                "type": "number"
              },
              "medianSecondsFromPrevious": {
                "type": [
                  "number",
                  "null"
                ]
              }
            }
          },
          "Funnel": {
            "type": "object",
            "required": [
              "steps"
            ],
            "properties": {
              "steps": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/FunnelStep"
                }
              },
              "breakdown": {
                "type": "array",
                "description": "With `breakdown`: per value of the property on the first event of each contact's path (null: without it), most contacts first.",
                "items": {
                  "type": "object",
                  "required": [
                    "value",
                    "steps"
                  ],
                  "properties": {
                    "value": {},
                    "steps": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/FunnelStep"
                      }
                    }
                  }
                }
              }
            }
          },
          "SavedSegment": {
            "type": "object",
            "required": [
              "id",
              "name",
              "description",
              "filter",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^sg_[1-9][0-9]*$",
                "examples": [
                  "sg_1"
                ],
                "description": "Never given to another segment, even after this one is deleted."
              },
              "name": {
                "type": "string",
                "description": "Unique in the workspace, ignoring case."
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "filter": {
                "$ref": "#/components/schemas/Filter",
                "description": "As it was written (numbers keep their text); read again against the workspace's current definitions, levels and stages on every membership request."
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "SavedSegmentCreate": {
            "type": "object",
            "required": [
              "name",
              "filter"
            ],
            "additionalProperties": false,
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100,
                "description": "Trimmed; unique in the workspace ignoring case (409 otherwise)."
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1000
              },
              "filter": {
                "$ref": "#/components/schemas/Filter",
                "description": "Checked exactly as `POST /v1/contacts/search` checks it: a bad node is a 422 naming its path."
              }
            },
            "examples": [
              {
                "name": "Recent buyers",
                "filter": {
                  "did": {
                    "event": "cl_order_completed",
                    "within": {
                      "days": 30
                    }
                  }
                }
              }
            ]
          },
          "SavedSegmentPatch": {
            "type": "object",
            "additionalProperties": false,
            "description": "Members given are changed; others are kept. `name` and `filter` cannot be null; `description: null` removes the description. Only a filter given is checked, so a segment whose saved filter no longer reads can still be renamed.",
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 100
              },
              "description": {
                "type": [
                  "string",
                  "null"
                ],
                "maxLength": 1000
              },
              "filter": {
                "$ref": "#/components/schemas/Filter"
              }
            }
          },
          "SavedSegmentList": {
            "type": "object",
            "required": [
              "items",
              "nextCursor",
              "hasMore"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/SavedSegment"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The position after the last segment of this page (its id), to pass as `cursor`; on an empty page, the `cursor` given (null without one)."
              },
              "hasMore": {
                "type": "boolean",
                "description": "Whether more segments followed this page when it was read."
              }
            }
          },
          "SavedSegmentCount": {
            "type": "object",
            "required": [
              "total"
            ],
            "properties": {
              "total": {
                "type": "integer",
                "minimum": 0,
                "description": "How many contacts the segment holds now."
              }
            }
          },
          "Material": {
            "type": "object",
            "required": [
              "id",
              "name",
              "contentTags",
              "createdAt",
              "updatedAt"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$",
                "examples": [
                  "welcome-email"
                ]
              },
              "name": {
                "type": "string"
              },
              "contentTags": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Added to the tags of every event recorded on this material while it has them."
              },
              "createdAt": {
                "type": "string",
                "format": "date-time"
              },
              "updatedAt": {
                "type": "string",
                "format": "date-time"
              }
            }
          },
          "MaterialInput": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 255,
                "description": "Trimmed; must not be empty."
              },
              "contentTags": {
                "type": [
                  "array",
                  "null"
                ],
                "maxItems": 20,
                "items": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 64
                },
                "description": "At most 20 tags of 1 to 64 characters; repeats are dropped. Absent or `null`: none (a PUT replaces the whole material)."
              }
            }
          },
          "MaterialList": {
            "type": "object",
            "required": [
              "items",
              "nextCursor",
              "hasMore"
            ],
            "properties": {
              "items": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Material"
                }
              },
              "nextCursor": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The last id of this page; pass it as `cursor` for the next."
              },
              "hasMore": {
                "type": "boolean"
              }
            }
          }
        }
      }
    }
    """#
}
