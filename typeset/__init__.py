"""Print layout and typesetting for Chinese government gazettes.

Stages, imported one way only:
source -> model -> compose -> layout -> render -> pdfa -> verify/proof.
"""
