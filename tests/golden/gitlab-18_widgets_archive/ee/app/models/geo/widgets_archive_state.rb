# frozen_string_literal: true

module Geo
  class WidgetsArchiveState < ApplicationRecord
    include ::Geo::VerificationStateDefinition

    belongs_to :widgets_archive, inverse_of: :widgets_archive_state, class_name: 'Widgets::Archive'

    validates :verification_state, :widgets_archive, presence: true
  end
end
