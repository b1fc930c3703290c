"""``hefte studio``: a small web application where participants hand in texts and editors act on them.

At the edge of the pipeline, like the MkDocs adapter: it writes the same files a person would write and asks
check, the policy (through the plan) and render for everything it shows. See app.py for the framework and
access.py for who may see what.
"""
