"""Intake: reading what people wrote (front matter, schema, encodings, repairs, new texts) into the model."""
