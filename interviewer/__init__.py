"""interviewer: an offline AI mock interviewer for the Senior Data Engineer AI round."""

__version__ = "0.1.0"
