# frozen_string_literal: true

module EE
  module Ci
    module SecureFile
      extend ActiveSupport::Concern

      prepended do
        include ::Gitlab::Geo::ReplicableModel

        with_replicator Geo::CiSecureFileReplicator

        scope :checksummed, -> { where.not(verification_checksum: nil) }
        scope :checksum_failed, -> { where.not(verification_failure: nil) }
      end
    end
  end
end
