"""From search to hire: shortlists and comparison, project briefs matched to firms (and teams
across firms), engagements both sides confirmed, reviews of those engagements, saved searches
with alerts. Collections are declared in `documents.py`; web/ adapts these services to pages
and the API."""
