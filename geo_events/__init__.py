"""geo_events: news articles in, dated places on a map out."""
